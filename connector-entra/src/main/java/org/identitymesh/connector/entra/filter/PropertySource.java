package org.identitymesh.connector.entra.filter;

import java.util.Map;
import java.util.Objects;

/**
 * The properties of one directory object, as a filter reads them.
 *
 * <p>A value is a {@link String}, a {@link Boolean}, a {@link Long} (other integral {@link Number}s are taken
 * as {@code Long}), a {@link java.util.List} for a collection property, a {@link Map} from member names for a
 * complex value (a JSON object), {@code null} for a property the object carries with an explicit JSON
 * {@code null}, or {@link #ABSENT} for a property the object does not carry at all. Elements of lists and members
 * of maps take the same forms, {@code ABSENT} excepted: {@code assignedLicenses} is a list of maps such as
 * {@code {disabledPlans=[], skuId=05e9a617-0261-4cee-bb44-138d3ef5d965}}. Graph omits properties that were not selected or, with {@code Prefer: return=minimal},
 * did not change: absent is not {@code null}, and evaluation never guesses its value.
 *
 * <p>Graph matches property names case-insensitively; so should implementations, as {@link #of(Map)} does.
 */
@FunctionalInterface
public interface PropertySource {

    /** The value of a property the object does not carry at all; compare with {@code ==}. */
    Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    /**
     * One property's value.
     *
     * @param name the property name as written in the filter
     * @return the value, {@code null} for an explicit null, or {@link #ABSENT}
     */
    Object value(String name);

    /**
     * The properties held in a map, for example a delta object parsed with Jackson: a key mapped to
     * {@code null} is an explicit null, a missing key is {@link #ABSENT}. Names match exactly first, then
     * ignoring case. The map is read, not copied.
     *
     * @param properties the object's properties
     * @return the source
     * @throws NullPointerException when {@code properties} is {@code null}
     */
    static PropertySource of(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        return name -> {
            if (properties.containsKey(name)) {
                return properties.get(name);
            }
            for (Map.Entry<String, ?> entry : properties.entrySet()) {
                if (name.equalsIgnoreCase(entry.getKey())) {
                    return entry.getValue();
                }
            }
            return ABSENT;
        };
    }
}
