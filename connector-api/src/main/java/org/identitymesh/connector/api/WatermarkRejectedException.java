package org.identitymesh.connector.api;

/**
 * The watermark passed to an import was not produced by this connector for this configuration, or is corrupt or
 * tampered with. Nothing was requested from the system. Run a {@link ImportMode#FULL} import to get a new one.
 */
public class WatermarkRejectedException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public WatermarkRejectedException(String message, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     */
    public WatermarkRejectedException(String message) {
        super(message, null, null);
    }
}
