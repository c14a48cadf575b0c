package org.identitymesh.connector.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One change to one object, as an import delivers it.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link Operation#UPSERT} creates the object if the host does not hold it and otherwise <em>merges</em>:
 *       an attribute absent from {@link #attributes()} is unchanged, an attribute mapped to {@code null} is
 *       cleared, any other value replaces the stored one (a list replaces the whole list).</li>
 *   <li>{@link Operation#DELETE} removes the object; deleting an object the host does not hold is not an error.
 *       Deleting an object of a type that is another type's
 *       {@linkplain ConnectorDescriptor.ObjectType#container() container} removes the contained objects too
 *       (deleting a group removes its memberships). A DELETE may carry attributes, for information only.</li>
 *   <li>Records are delivered at least once: the same record, or an older state of the same object, may arrive
 *       again within an import or in a later one. Applying a record twice leaves the same result, so applying
 *       records in delivery order is always correct.</li>
 *   <li>Within one import, records of one object are delivered in the order the changes happened.</li>
 * </ul>
 *
 * <p>Attribute values are {@link String}, {@link Boolean}, {@link Long}, a {@link List} of {@link String}, or
 * {@code null}; {@link ConnectorDescriptor.AttributeType} says which an attribute takes. Instances are
 * immutable.
 *
 * @param objectType the object type, one of the connector's {@link ConnectorDescriptor#objectTypes()}
 * @param externalId the object's stable identifier within its type; never empty
 * @param operation  what happened
 * @param attributes the attributes that changed, in a stable order; values may be {@code null}
 */
public record ChangeRecord(String objectType, String externalId, Operation operation,
        Map<String, Object> attributes) {

    private static final AttributeMap EMPTY = new AttributeMap(new String[0], new Object[0]);

    /** What happened to the object. */
    public enum Operation {
        /** The object exists; merge its attributes into the host's copy. */
        UPSERT,
        /** The object no longer exists, or left the connector's scope. */
        DELETE
    }

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException naming the component or attribute when a component is missing or an
     *                                  attribute value has an unsupported type
     */
    public ChangeRecord {
        if (objectType == null || objectType.isEmpty()) {
            throw new IllegalArgumentException("ChangeRecord.objectType is required");
        }
        if (externalId == null || externalId.isEmpty()) {
            throw new IllegalArgumentException("ChangeRecord.externalId is required (object type " + objectType + ")");
        }
        if (operation == null) {
            throw new IllegalArgumentException("ChangeRecord.operation is required (" + objectType + " " + externalId + ")");
        }
        if (attributes == null || attributes.isEmpty()) {
            attributes = EMPTY;
        } else if (!(attributes instanceof AttributeMap)) {
            String[] names = new String[attributes.size()];
            Object[] values = new Object[names.length];
            int i = 0;
            for (Map.Entry<String, Object> e : attributes.entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty()) {
                    throw new IllegalArgumentException("ChangeRecord attribute names must not be empty ("
                            + objectType + " " + externalId + ")");
                }
                names[i] = e.getKey();
                values[i] = copyValue(objectType, e.getKey(), e.getValue());
                i++;
            }
            attributes = new AttributeMap(names, values);
        }
    }

    /**
     * An UPSERT.
     *
     * @param objectType the object type
     * @param externalId the object's identifier
     * @param attributes the attributes that changed; {@code null} values clear
     * @return the record
     */
    public static ChangeRecord upsert(String objectType, String externalId, Map<String, ?> attributes) {
        return new ChangeRecord(objectType, externalId, Operation.UPSERT, widen(attributes));
    }

    /**
     * A DELETE without attributes.
     *
     * @param objectType the object type
     * @param externalId the object's identifier
     * @return the record
     */
    public static ChangeRecord delete(String objectType, String externalId) {
        return new ChangeRecord(objectType, externalId, Operation.DELETE, Map.of());
    }

    /**
     * A DELETE with informational attributes (for example a membership's group and member ids).
     *
     * @param objectType the object type
     * @param externalId the object's identifier
     * @param attributes information about the deleted object
     * @return the record
     */
    public static ChangeRecord delete(String objectType, String externalId, Map<String, ?> attributes) {
        return new ChangeRecord(objectType, externalId, Operation.DELETE, widen(attributes));
    }

    /**
     * Starts a record whose attributes are added one by one, which avoids building a map first: the way to go when a
     * connector creates millions of records. The builder checks each name and value as it is added, with the same
     * rules and messages as the constructor.
     *
     * @param objectType the object type
     * @param externalId the object's identifier
     * @param operation  what happened
     * @param expectedAttributes how many attributes will be added, to size the arrays; more are allowed
     * @return a new builder
     */
    public static Builder builder(String objectType, String externalId, Operation operation, int expectedAttributes) {
        return new Builder(objectType, externalId, operation, expectedAttributes);
    }

    /**
     * Collects the attributes of one {@link ChangeRecord} in insertion order. Putting a name again replaces its value
     * in place. Not thread-safe; use one builder per record.
     */
    public static final class Builder {

        private final String objectType;
        private final String externalId;
        private final Operation operation;
        private String[] names;
        private Object[] values;
        private int[] hashes;
        /** One bit per hash value modulo 64 of the names added: most names need no scan for a repeat. */
        private long seen;
        private int size;
        private boolean built;

        private Builder(String objectType, String externalId, Operation operation, int expected) {
            this.objectType = objectType;
            this.externalId = externalId;
            this.operation = operation;
            int capacity = Math.max(expected, 1);
            this.names = new String[capacity];
            this.values = new Object[capacity];
            this.hashes = new int[capacity];
        }

        /**
         * Adds an attribute, or replaces the value of one added before.
         *
         * @param name  the attribute name; not empty
         * @param value its value: a {@link String}, {@link Boolean}, {@link Long}, {@link Integer} (stored as a
         *              {@code Long}), a {@link List} of {@link String}, or {@code null} to clear it
         * @return this builder
         * @throws IllegalArgumentException naming the attribute when the name is empty or the value of an
         *                                  unsupported type
         * @throws IllegalStateException    when the record was already built
         */
        public Builder put(String name, Object value) {
            if (built) {
                throw new IllegalStateException("ChangeRecord.Builder of " + objectType + " " + externalId
                        + " was already built");
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("ChangeRecord attribute names must not be empty (" + objectType
                        + " " + externalId + ")");
            }
            Object copy = copyValue(objectType, name, value);
            int hash = name.hashCode();
            long bit = 1L << (hash & 63);
            if ((seen & bit) != 0) {
                for (int i = 0; i < size; i++) {
                    if (hashes[i] == hash && names[i].equals(name)) {
                        values[i] = copy;
                        return this;
                    }
                }
            }
            seen |= bit;
            if (size == names.length) {
                int capacity = size * 2;
                names = Arrays.copyOf(names, capacity);
                values = Arrays.copyOf(values, capacity);
                hashes = Arrays.copyOf(hashes, capacity);
            }
            names[size] = name;
            values[size] = copy;
            hashes[size] = hash;
            size++;
            return this;
        }

        /**
         * Creates the record. A builder builds one record only.
         *
         * @return the record
         * @throws IllegalArgumentException naming the component when the type, id or operation is missing
         * @throws IllegalStateException    when the record was already built
         */
        public ChangeRecord build() {
            if (built) {
                throw new IllegalStateException("ChangeRecord.Builder of " + objectType + " " + externalId
                        + " was already built");
            }
            built = true;
            if (size == 0) {
                return new ChangeRecord(objectType, externalId, operation, EMPTY);
            }
            String[] n = size == names.length ? names : Arrays.copyOf(names, size);
            Object[] v = size == values.length ? values : Arrays.copyOf(values, size);
            return new ChangeRecord(objectType, externalId, operation, new AttributeMap(n, v));
        }
    }

    /**
     * Whether the record carries the attribute, with a value or as a clear.
     *
     * @param name the attribute name
     * @return whether it is present
     */
    public boolean has(String name) {
        return attributes.containsKey(name);
    }

    private static Map<String, Object> widen(Map<String, ?> attributes) {
        return attributes == null ? Map.of() : Collections.unmodifiableMap(attributes);
    }

    private static Object copyValue(String type, String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof String)) {
                    throw new IllegalArgumentException("ChangeRecord attribute " + type + "." + name
                            + ": a list may hold only non-null strings, found "
                            + (element == null ? "null" : element.getClass().getSimpleName()));
                }
            }
            return List.copyOf(list);
        }
        throw new IllegalArgumentException("ChangeRecord attribute " + type + "." + name
                + ": expected String, Boolean, Long, a list of String or null, found " + value.getClass().getName());
    }
}
