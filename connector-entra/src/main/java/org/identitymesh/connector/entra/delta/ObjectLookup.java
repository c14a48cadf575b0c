package org.identitymesh.connector.entra.delta;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.entra.graph.RequestObserver;

/**
 * Reads the current properties of one object ({@code GET /users/{id}?$select=...}, likewise for groups and
 * devices), for a scope that cannot decide on what a delta page carried.
 */
public final class ObjectLookup {

    private final ImportContext context;

    /**
     * Creates the lookup of an import.
     *
     * @param context the import
     */
    public ObjectLookup(ImportContext context) {
        this.context = context;
    }

    /**
     * The current values of some properties of an object. A property Graph leaves out is unset: it is returned as
     * {@code null}, so a scope can decide on it.
     *
     * @param resource   {@code users}, {@code groups} or {@code devices}
     * @param id         the object id
     * @param properties the properties to read
     * @param observer   counts the request
     * @return the properties, or empty when the object no longer exists
     */
    public Optional<Map<String, Object>> properties(String resource, String id, Collection<String> properties,
            RequestObserver observer) {
        String url = context.config().graphV1() + "/" + resource + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "?$select=" + String.join(",", properties);
        return context.graph().find(url, DeltaPageParser::parseObject, observer, context.cancellation()).map(object -> {
            Map<String, Object> values = new LinkedHashMap<>(object.properties());
            properties.stream().filter(p -> !p.equals("id")).forEach(p -> values.putIfAbsent(p, null));
            return values;
        });
    }
}
