package org.identitymesh.connector.api;

/**
 * Signing in failed: a wrong or expired secret or certificate, an unknown tenant or client, or an identity that
 * cannot get a token. Retrying does not help until the credential is fixed.
 */
public class AuthenticationException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public AuthenticationException(String message, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     */
    public AuthenticationException(String message) {
        super(message, null, null);
    }
}
