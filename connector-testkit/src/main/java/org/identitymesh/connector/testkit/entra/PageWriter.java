package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes delta pages and directory objects with Jackson's streaming generator: properties in schema order, then
 * {@code id}, then {@code manager@delta} / {@code members@delta} / {@code owners@delta}, or {@code id} and
 * {@code @removed} for removed objects. A property never set is omitted; a cleared one is written as {@code null}.
 */
final class PageWriter {

    private PageWriter() {
    }

    /** Writes a whole delta page. */
    static void page(JsonGenerator g, PropertySchema schema, String context, DeltaPage page, String nextLink,
            String deltaLink, boolean linksFirst) throws IOException {
        g.writeStartObject();
        g.writeStringField("@odata.context", context);
        if (linksFirst) {
            links(g, nextLink, deltaLink);
        }
        g.writeArrayFieldStart("value");
        for (DeltaPage.Item item : page.items()) {
            item(g, schema, item);
        }
        g.writeEndArray();
        if (!linksFirst) {
            links(g, nextLink, deltaLink);
        }
        g.writeEndObject();
    }

    private static void links(JsonGenerator g, String nextLink, String deltaLink) throws IOException {
        if (nextLink != null) {
            g.writeStringField("@odata.nextLink", nextLink);
        }
        if (deltaLink != null) {
            g.writeStringField("@odata.deltaLink", deltaLink);
        }
    }

    static void item(JsonGenerator g, PropertySchema schema, DeltaPage.Item item) throws IOException {
        g.writeStartObject();
        if (item.removed() != null) {
            g.writeStringField("id", item.id());
            g.writeObjectFieldStart("@removed");
            g.writeStringField("reason", item.removed());
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
        properties(g, schema, item.values(), item.writeMask());
        g.writeStringField("id", item.id());
        if (item.manager() != null) {
            links(g, "manager@delta", item.manager());
        }
        if (item.members() != null) {
            links(g, "members@delta", item.members());
        }
        if (item.owners() != null) {
            links(g, "owners@delta", item.owners());
        }
        g.writeEndObject();
    }

    /** Writes the properties in a mask (never {@code id}); references are skipped. */
    static void properties(JsonGenerator g, PropertySchema schema, Object[] values, long mask) throws IOException {
        for (PropertySchema.Property p : schema.properties()) {
            if ((mask & p.bit()) == 0 || p.kind() == PropertySchema.Kind.USER_REFERENCE) {
                continue;
            }
            Object v = values[p.ordinal()];
            if (v == PropertySchema.ABSENT) {
                continue;
            }
            g.writeFieldName(p.name());
            value(g, v);
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                if (o instanceof AssignedLicense license) {
                    g.writeStartObject();
                    g.writeArrayFieldStart("disabledPlans");
                    for (String plan : license.disabledPlans()) {
                        g.writeString(plan);
                    }
                    g.writeEndArray();
                    g.writeStringField("skuId", license.skuId());
                    g.writeEndObject();
                } else {
                    g.writeString((String) o);
                }
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    private static void links(JsonGenerator g, String field, List<DeltaPage.Link> links) throws IOException {
        g.writeArrayFieldStart(field);
        for (DeltaPage.Link l : links) {
            g.writeStartObject();
            g.writeStringField("@odata.type", l.odataType());
            g.writeStringField("id", l.id());
            if (l.removed()) {
                g.writeObjectFieldStart("@removed");
                g.writeStringField("reason", "deleted");
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
