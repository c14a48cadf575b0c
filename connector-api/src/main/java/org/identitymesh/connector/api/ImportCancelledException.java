package org.identitymesh.connector.api;

/**
 * The import stopped because its {@link Cancellation} was signalled or its thread was interrupted. No watermark
 * was returned.
 */
public class ImportCancelledException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public ImportCancelledException(String message, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     */
    public ImportCancelledException(String message) {
        super(message, null, null);
    }
}
