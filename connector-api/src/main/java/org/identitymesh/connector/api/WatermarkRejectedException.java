package org.identitymesh.connector.api;

/**
 * The watermark passed to an import was not produced by this connector for this configuration, or is corrupt or
 * tampered with. Nothing was requested from the system. Run a {@link ImportMode#FULL} import to get a new one.
 *
 * <p>Which configuration changes reject a watermark and which only force a full round: a watermark is rejected
 * when the configuration now points at something it does not describe (another connector, another system, tenant
 * or endpoint); a change of what is read from the same system (a scope filter, the attributes selected, an object
 * type switched on) keeps the watermark and runs a full round for the affected types, reported as
 * {@link ImportResult.FullRoundReason#CONFIGURATION_CHANGED}. Each connector's documentation lists its fields in
 * these two groups.
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
