package org.identitymesh.connector.api;

/**
 * The operation is not among the connector's {@linkplain ConnectorDescriptor#capabilities() capabilities}. Nothing
 * was read or changed.
 */
public final class UnsupportedCapabilityException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    private final Capability capability;

    /**
     * Creates the exception.
     *
     * @param capability the capability that is missing
     * @param message    why, and what the host can do instead
     */
    public UnsupportedCapabilityException(Capability capability, String message) {
        super(message, null, null);
        this.capability = capability;
    }

    /**
     * The missing capability.
     *
     * @return the capability
     */
    public Capability capability() {
        return capability;
    }
}
