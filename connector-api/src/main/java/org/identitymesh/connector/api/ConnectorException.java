package org.identitymesh.connector.api;

import java.util.Optional;

/**
 * The root of every exception a connector throws through this API. Unchecked, so that no checked exception of a
 * connector's dependencies leaks into host code; hosts catch the subtypes they handle differently.
 *
 * <p>Messages say what failed and what to do, and never contain a secret, a token or a full delta link.
 */
public abstract class ConnectorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String diagnosticId;

    /**
     * Creates an exception.
     *
     * @param message      what failed and what to do
     * @param diagnosticId the system's identifier of the failed request (for example Graph's {@code request-id}),
     *                     or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    protected ConnectorException(String message, String diagnosticId, Throwable cause) {
        super(message, cause);
        this.diagnosticId = diagnosticId;
    }

    /**
     * The system's identifier of the failed request, which its support asks for.
     *
     * @return the identifier, if the system gave one
     */
    public Optional<String> diagnosticId() {
        return Optional.ofNullable(diagnosticId);
    }
}
