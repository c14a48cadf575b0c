package org.identitymesh.connector.api.secret;

import org.identitymesh.connector.api.ConnectorException;

/**
 * A secret reference could not be resolved: no resolver handles its scheme, or the secret is missing or
 * unreadable. The message names the reference, never a secret.
 */
public final class SecretResolutionException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be resolved, and why
     * @param cause   the underlying exception, or {@code null}
     */
    public SecretResolutionException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
