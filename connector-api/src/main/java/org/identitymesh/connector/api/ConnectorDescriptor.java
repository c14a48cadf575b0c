package org.identitymesh.connector.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a connector supports and how it is configured: enough for a host to render a configuration form and a
 * schema mapping without knowing the connector.
 *
 * @param displayName   a human-readable name, for example {@code Microsoft Entra ID}
 * @param description   one or two sentences for a host UI
 * @param objectTypes   the object types the connector imports or exports, in the order it delivers them
 * @param capabilities  what the connector can do
 * @param configuration every field of the two configuration documents
 */
public record ConnectorDescriptor(
        String displayName,
        String description,
        List<ObjectType> objectTypes,
        Set<Capability> capabilities,
        List<ConfigField> configuration) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException when a component is missing or two object types or fields share a name
     */
    public ConnectorDescriptor {
        displayName = requireText(displayName, "displayName");
        description = description == null ? "" : description;
        objectTypes = List.copyOf(require(objectTypes, "objectTypes"));
        EnumSet<Capability> declared = EnumSet.noneOf(Capability.class);
        declared.addAll(require(capabilities, "capabilities"));
        capabilities = Collections.unmodifiableSet(declared);
        configuration = List.copyOf(require(configuration, "configuration"));
        requireUnique(objectTypes.stream().map(ObjectType::name).toList(), "object type");
        for (ObjectType type : objectTypes) {
            if (type.container() != null && objectTypes.stream()
                    .noneMatch(t -> t.name().equals(type.container().objectType()))) {
                throw new IllegalArgumentException("object type " + type.name() + ": container type "
                        + type.container().objectType() + " is not declared");
            }
        }
        requireUnique(configuration.stream().map(f -> f.document() + "." + f.name()).toList(), "configuration field");
    }

    /**
     * Tells whether the connector declares a capability.
     *
     * @param capability the capability
     * @return whether it is declared
     */
    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * Finds an object type by name.
     *
     * @param name the object type's name, compared exactly
     * @return the object type, if declared
     */
    public Optional<ObjectType> objectType(String name) {
        return objectTypes.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * An object type and its attributes.
     *
     * @param name        the type's name as it appears in {@link ChangeRecord#objectType()}, for example {@code User}
     * @param description what the objects are
     * @param attributes  the attributes a change record of this type may carry
     * @param container   for a type whose objects live inside objects of another type (a membership inside a
     *                    group), which type and which attribute names the containing object; {@code null} for a
     *                    top-level type. Deleting a container deletes what it contains: a host removes the
     *                    contained records itself, the connector need not send a DELETE for each.
     */
    public record ObjectType(String name, String description, List<Attribute> attributes, Container container) {

        /**
         * Validates and copies the components.
         *
         * @throws IllegalArgumentException when a component is missing, two attributes share a name or the
         *                                  container attribute is not declared
         */
        public ObjectType {
            name = requireText(name, "name");
            description = description == null ? "" : description;
            attributes = List.copyOf(require(attributes, "attributes"));
            requireUnique(attributes.stream().map(Attribute::name).toList(), "attribute of " + name);
            if (container != null && attributes.stream().noneMatch(a -> a.name().equals(container.attribute()))) {
                throw new IllegalArgumentException("object type " + name + ": container attribute "
                        + container.attribute() + " is not among its attributes");
            }
        }

        /**
         * A top-level object type.
         *
         * @param name        the type's name
         * @param description what the objects are
         * @param attributes  its attributes
         */
        public ObjectType(String name, String description, List<Attribute> attributes) {
            this(name, description, attributes, null);
        }

        /**
         * Finds an attribute by name.
         *
         * @param attributeName the attribute's name, compared exactly
         * @return the attribute, if declared
         */
        public Optional<Attribute> attribute(String attributeName) {
            return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
        }

        /**
         * The containing type, for a contained type.
         *
         * @return the container, if any
         */
        public Optional<Container> containerType() {
            return Optional.ofNullable(container);
        }
    }

    /**
     * Where the objects of a contained type live.
     *
     * @param objectType the containing type's name, for example {@code Group}
     * @param attribute  the contained type's attribute holding the container's external id, for example
     *                   {@code groupId}
     */
    public record Container(String objectType, String attribute) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException when a component is missing
         */
        public Container {
            objectType = requireText(objectType, "objectType");
            attribute = requireText(attribute, "attribute");
        }
    }

    /**
     * An attribute of an object type.
     *
     * @param name        the attribute's name as it appears in {@link ChangeRecord#attributes()}
     * @param type        the Java type of its values
     * @param description what it holds
     */
    public record Attribute(String name, AttributeType type, String description) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException when a component is missing
         */
        public Attribute {
            name = requireText(name, "name");
            type = require(type, "type");
            description = description == null ? "" : description;
        }
    }

    /** The type of an attribute's values as they appear in {@link ChangeRecord#attributes()}. */
    public enum AttributeType {
        /** A {@link String}. */
        STRING,
        /** A {@link Boolean}. */
        BOOLEAN,
        /** A {@link Long}. */
        INTEGER,
        /** An ISO-8601 instant in UTC as a {@link String}, for example {@code 2026-11-22T10:15:30Z}. */
        TIMESTAMP,
        /** A {@link java.util.List} of {@link String}s. */
        STRING_LIST;

        /**
         * Tells whether a non-null value has this type.
         *
         * @param value a value, not {@code null}
         * @return whether it is an instance of this type's Java type
         */
        public boolean accepts(Object value) {
            return switch (this) {
                case STRING, TIMESTAMP -> value instanceof String;
                case BOOLEAN -> value instanceof Boolean;
                case INTEGER -> value instanceof Long;
                case STRING_LIST -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            };
        }
    }

    /** Which of the two configuration documents a field belongs to. */
    public enum Document {
        /** The connector configuration ({@code ConfigJson}): what to import and from where. */
        CONFIG,
        /** The authentication configuration ({@code AuthJson}): how to sign in. */
        AUTH
    }

    /** The kind of value a configuration field takes. */
    public enum FieldType {
        /** A JSON string. */
        STRING,
        /** A JSON integer. */
        INTEGER,
        /** A JSON number, integer or decimal. */
        NUMBER,
        /** A JSON boolean. */
        BOOLEAN,
        /** A JSON string, one of {@link ConfigField#allowedValues()}. */
        ENUM,
        /** A JSON array of strings. */
        STRING_LIST,
        /**
         * A JSON string holding a {@linkplain org.identitymesh.connector.api.secret.SecretReference secret
         * reference}, never the secret itself.
         */
        SECRET_REFERENCE
    }

    /**
     * A field of one of the configuration documents.
     *
     * @param document      which document holds it
     * @param name          its JSON property name, for example {@code TenantId}
     * @param type          the kind of value it takes
     * @param required      whether it must be present
     * @param defaultValue  its default as JSON text, or {@code null} when it has none
     * @param allowedValues for {@link FieldType#ENUM}, the accepted values; otherwise empty
     * @param description   what it means, for a host UI
     */
    public record ConfigField(
            Document document,
            String name,
            FieldType type,
            boolean required,
            String defaultValue,
            List<String> allowedValues,
            String description) {

        /**
         * Validates and copies the components.
         *
         * @throws IllegalArgumentException when a component is missing or an enum field has no allowed values
         */
        public ConfigField {
            document = require(document, "document");
            name = requireText(name, "name");
            type = require(type, "type");
            allowedValues = List.copyOf(allowedValues == null ? List.of() : allowedValues);
            description = description == null ? "" : description;
            if (type == FieldType.ENUM && allowedValues.isEmpty()) {
                throw new IllegalArgumentException("ConfigField " + name + ": an ENUM field needs allowedValues");
            }
        }

        /**
         * Whether the field holds a secret reference; a host UI should treat the reference, not a secret, as its
         * value.
         *
         * @return whether {@link #type()} is {@link FieldType#SECRET_REFERENCE}
         */
        public boolean secret() {
            return type == FieldType.SECRET_REFERENCE;
        }
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required and must not be blank");
        }
        return value;
    }

    private static void requireUnique(Collection<String> names, String what) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String n : names) {
            if (!seen.add(Objects.requireNonNull(n))) {
                duplicates.add(n);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("duplicate " + what + " names: " + duplicates);
        }
    }
}
