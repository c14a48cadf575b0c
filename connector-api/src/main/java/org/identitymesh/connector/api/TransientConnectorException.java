package org.identitymesh.connector.api;

/**
 * The system or the network failed (connection reset, timeout, HTTP 5xx, a truncated or malformed response) and
 * kept failing after every retry. Running the import again later usually succeeds.
 */
public class TransientConnectorException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public TransientConnectorException(String message, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     */
    public TransientConnectorException(String message) {
        super(message, null, null);
    }
}
