package org.identitymesh.connector.testkit.entra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The current state of one user or group, as tests compare it with a host's copy.
 *
 * <p>{@link #properties()} holds every property that was ever set, in schema order: a cleared property maps to
 * {@code null}, a property never set is absent. Values are {@link String}, {@link Boolean} or an unmodifiable
 * {@link java.util.List} of {@link String}. A user's {@code manager} is the manager's id.
 *
 * @param id         the object id
 * @param properties the properties, unmodifiable
 */
public record ObjectSnapshot(String id, Map<String, Object> properties) {

    /**
     * Checks and copies the components.
     *
     * @param id the object id
     * @param properties the properties
     * @throws NullPointerException if a component is null
     */
    public ObjectSnapshot {
        Objects.requireNonNull(id, "id");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * One property's value.
     *
     * @param name the property name, for example {@code displayName}
     * @return the value, or {@code null} when cleared or never set (see {@link #has(String)})
     */
    public Object get(String name) {
        return properties.get(name);
    }

    /**
     * Whether the property was ever set (it may be cleared to {@code null} since).
     *
     * @param name the property name
     * @return true if the property is present
     */
    public boolean has(String name) {
        return properties.containsKey(name);
    }
}
