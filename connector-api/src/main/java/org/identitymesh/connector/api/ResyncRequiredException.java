package org.identitymesh.connector.api;

/**
 * The system no longer knows the watermark of an object type (for example a delta token that expired), and the
 * connector is configured to fail rather than run a full round by itself. Run a {@link ImportMode#FULL} import.
 */
public class ResyncRequiredException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    private final String objectType;

    /**
     * Creates the exception.
     *
     * @param objectType   the object type whose watermark expired
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public ResyncRequiredException(String objectType, String message, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
        this.objectType = objectType;
    }

    /**
     * The object type whose watermark expired.
     *
     * @return the type
     */
    public String objectType() {
        return objectType;
    }
}
