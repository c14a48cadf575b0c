package org.identitymesh.connector.testkit.entra;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * {@code GET /v1.0/users/{id}}, {@code /groups/{id}} and {@code /devices/{id}}: one object's current properties.
 * Like Graph, every selected property is present, {@code null} when it was never set; without {@code $select} the
 * type's default properties come. A deleted object answers 404 {@code Request_ResourceNotFound}.
 */
final class ObjectEndpoint {

    private final String baseUrl;
    private final DirectoryStore store;
    private final ErrorResponses errors;

    ObjectEndpoint(String baseUrl, DirectoryStore store, ErrorResponses errors) {
        this.baseUrl = baseUrl;
        this.store = store;
        this.errors = errors;
    }

    SimResponse handle(SimRequest r, PropertySchema schema, String id) {
        String select = null;
        for (Map.Entry<String, String> e : r.query().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals("$select")) {
                select = e.getValue();
            } else {
                return errors.graph(r, 400, "Request_UnsupportedQuery", "Unsupported query option '" + e.getKey()
                        + "' on a single object (by this simulator).");
            }
        }
        long mask;
        try {
            mask = QueryOptions.select(schema, select) & ~PropertySchema.MEMBERS_BIT & ~PropertySchema.OWNERS_BIT;
        } catch (QueryOptions.BadQueryException e) {
            return errors.graph(r, 400, e.code(), e.getMessage());
        }
        EntityTable table = store.table(schema);
        Object[] values;
        Lock lock = store.lock().readLock();
        lock.lock();
        try {
            int slot = table.ids().slot(id);
            if (slot < 0 || table.status(slot) != EntityTable.ACTIVE) {
                return errors.graph(r, 404, "Request_ResourceNotFound", "Resource '" + id
                        + "' does not exist or one of its queried reference-property objects are not present.");
            }
            values = table.values(slot).clone();
        } finally {
            lock.unlock();
        }
        for (PropertySchema.Property p : schema.properties()) {
            if ((mask & p.bit()) != 0 && values[p.ordinal()] == PropertySchema.ABSENT) {
                values[p.ordinal()] = null;
            }
        }
        long selected = mask;
        return SimResponse.json(200, SimResponse.GRAPH_JSON, g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", baseUrl + "/v1.0/$metadata#" + schema.entitySet() + "/$entity");
            g.writeStringField("id", id);
            PageWriter.properties(g, schema, values, selected);
            g.writeEndObject();
        });
    }
}
