package org.identitymesh.connector.entra.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.Watermark;

/**
 * What one delta resource ({@code users} or {@code groups}) selects, and how its pages become records. A full
 * round's UPSERT carries every selected attribute, with {@code null} for those Graph omitted (never set, or
 * cleared while the watermark was not followed); a delta round's carries only what Graph sent.
 */
abstract class ResourceSync {

    private static final Object ABSENT = new Object();

    final Delivery delivery;

    ResourceSync(Delivery delivery) {
        this.delivery = delivery;
    }

    /** {@code users} or {@code groups}. */
    abstract String resource();

    /** The object type whose statistics count the round's pages and requests. */
    abstract TypeStats roundStats();

    /** The {@code $select} list. */
    abstract List<String> select();

    /** Everything besides the select list that changes what a stored deltaLink covers. */
    abstract String scopeDescription();

    /** The {@code Prefer} header of every page. */
    abstract String prefer(boolean fullRound);

    /** Whether every import reads this resource in full, whatever the watermark holds. */
    boolean alwaysFull() {
        return false;
    }

    /** Delivers the records of one page. */
    abstract void handle(DeltaPage page, boolean fullRound);

    /** The results of the object types this resource delivers. */
    abstract List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason);

    /** Identifies what a stored deltaLink of this resource covers. */
    final String fingerprint() {
        return Watermark.fingerprint(resource() + "|" + String.join(",", select()) + "|" + scopeDescription());
    }

    final void deliver(ChangeRecord record, TypeStats stats) {
        delivery.deliver(record);
        if (record.operation() == ChangeRecord.Operation.UPSERT) {
            stats.upserted++;
        } else {
            stats.deleted++;
        }
    }

    static List<String> distinct(List<String> first, Iterable<String> more) {
        Set<String> all = new LinkedHashSet<>(first);
        more.forEach(all::add);
        return new ArrayList<>(all);
    }

    /** Converts a Graph value to an attribute's declared type: arrays become comma-joined text. */
    static Object convert(Attribute attribute, Object value) {
        if (value == null) {
            return null;
        }
        if (attribute.type() == AttributeType.BOOLEAN) {
            if (value instanceof Boolean) {
                return value;
            }
            return value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                    ? Boolean.valueOf(s) : null;
        }
        return text(value);
    }

    /** Any Graph value as text: strings as they are, string arrays joined with commas, others as JSON text. */
    static String text(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>(list.size());
            list.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    static void putSelected(ChangeRecord.Builder out, List<Attribute> attributes, Map<String, Object> properties,
            boolean fullRound) {
        for (Attribute a : attributes) {
            if (a.name().equals("id")) {
                continue; // the caller sets it from the object itself
            }
            Object value = properties.getOrDefault(a.name(), ABSENT);
            if (value != ABSENT) {
                out.put(a.name(), convert(a, value));
            } else if (fullRound) {
                out.put(a.name(), null);
            }
        }
    }
}
