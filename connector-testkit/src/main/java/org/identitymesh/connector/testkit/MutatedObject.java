package org.identitymesh.connector.testkit;

import java.util.Optional;

/**
 * The object a {@link Mutations} method changed, in the connector's terms: what the next delta import must
 * deliver a change for.
 *
 * @param objectType the object type, as in the connector's descriptor
 * @param externalId the object's external id, as the connector delivers it
 * @param attribute  the attribute that was updated or cleared, or {@code null} when the whole object changed
 */
public record MutatedObject(String objectType, String externalId, String attribute) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when the type or id is missing
     */
    public MutatedObject {
        if (objectType == null || objectType.isEmpty() || externalId == null || externalId.isEmpty()) {
            throw new IllegalArgumentException("a MutatedObject needs an object type and an external id");
        }
    }

    /**
     * An object created or deleted as a whole, such as a membership.
     *
     * @param objectType the object type
     * @param externalId the external id
     * @return the mutated object
     */
    public static MutatedObject object(String objectType, String externalId) {
        return new MutatedObject(objectType, externalId, null);
    }

    /**
     * An object one of whose attributes was updated or cleared.
     *
     * @param objectType the object type
     * @param externalId the external id
     * @param attribute  the attribute
     * @return the mutated object
     */
    public static MutatedObject attribute(String objectType, String externalId, String attribute) {
        return new MutatedObject(objectType, externalId, attribute);
    }

    /**
     * The attribute that changed.
     *
     * @return the attribute, for an update or a clear
     */
    public Optional<String> changedAttribute() {
        return Optional.ofNullable(attribute);
    }

    /** {@code Type/id}, or {@code Type/id.attribute}. */
    @Override
    public String toString() {
        return objectType + "/" + externalId + (attribute == null ? "" : "." + attribute);
    }
}
