package org.identitymesh.connector.api;

/**
 * The credential signed in but lacks a permission, or an administrator has not granted consent. The message names
 * the permission.
 */
public class PermissionException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public PermissionException(String message, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     */
    public PermissionException(String message) {
        super(message, null, null);
    }
}
