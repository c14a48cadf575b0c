package org.identitymesh.connector.entra.graph;

/**
 * Graph no longer knows a delta link (HTTP 410, or 400/404 with {@code syncStateNotFound} or {@code resyncRequired}).
 * The delta round that gets it decides between a full round and {@link org.identitymesh.connector.api.ResyncRequiredException}.
 */
public final class DeltaLinkExpiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String requestId;

    /**
     * Creates the exception.
     *
     * @param message   what Graph answered, without links
     * @param requestId Graph's request id, or {@code null}
     */
    public DeltaLinkExpiredException(String message, String requestId) {
        super(message, null, false, false);
        this.requestId = requestId;
    }

    /**
     * Graph's request id of the refused request.
     *
     * @return the id, or {@code null}
     */
    public String requestId() {
        return requestId;
    }
}
