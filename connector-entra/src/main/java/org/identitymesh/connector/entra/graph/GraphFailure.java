package org.identitymesh.connector.entra.graph;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A classified failure of one Graph request, before it becomes one of the API's exceptions. Carries Graph's error
 * code and request id, never a token or a full link.
 */
final class GraphFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, which decides retry and the exception the host sees. */
    enum Kind {
        /** 429: retried. */
        THROTTLED(true),
        /** 5xx, I/O failure, truncated or malformed body: retried. */
        TRANSIENT(true),
        /** 401: the token was refused. */
        UNAUTHENTICATED(false),
        /** Signing in failed at the token endpoint. */
        SIGN_IN(false),
        /** 403. */
        FORBIDDEN(false),
        /** The delta link expired: 410, or {@code syncStateNotFound} / {@code resyncRequired}. */
        RESYNC_REQUIRED(false),
        /** 404: the object does not exist (any more). */
        NOT_FOUND(false),
        /** Any other 4xx, or a response that is not what Graph sends. */
        UNEXPECTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final String requestId;
    private final transient Duration retryAfter;
    private int refusedTokenHash;

    GraphFailure(Kind kind, int status, String code, String message, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** Classifies an HTTP error response by status and Graph's {@code error.code}, never by message. */
    static GraphFailure fromResponse(int status, String code, String graphMessage, String requestId,
            Duration retryAfter) {
        String normalized = code == null ? "" : code.toLowerCase(Locale.ROOT);
        Kind kind;
        if (status == 410 || ((status == 400 || status == 404)
                && (normalized.equals("syncstatenotfound") || normalized.equals("resyncrequired")))) {
            kind = Kind.RESYNC_REQUIRED;
        } else if (status == 429) {
            kind = Kind.THROTTLED;
        } else if (status == 500 || status == 502 || status == 503 || status == 504) {
            kind = Kind.TRANSIENT;
        } else if (status == 401) {
            kind = Kind.UNAUTHENTICATED;
        } else if (status == 403) {
            kind = Kind.FORBIDDEN;
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
        } else {
            kind = Kind.UNEXPECTED;
        }
        String message = "HTTP " + status + (code == null ? "" : " " + code)
                + (graphMessage == null || graphMessage.isBlank() ? "" : ": " + shorten(graphMessage));
        return new GraphFailure(kind, status, code, message, requestId, retryAfter, null);
    }

    static GraphFailure transientFailure(String message, Throwable cause) {
        return new GraphFailure(Kind.TRANSIENT, 0, null, message, null, null, cause);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    Optional<String> code() {
        return Optional.ofNullable(code);
    }

    Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** For a 401: which access token Graph refused, as its hash code (never the token). */
    GraphFailure refusedToken(int tokenHash) {
        this.refusedTokenHash = tokenHash;
        return this;
    }

    int refusedTokenHash() {
        return refusedTokenHash;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * What failed, for a log line an operator reads: the HTTP status with Graph's error code, or the kind of failure
     * with the sign-in code or the I/O exception's class. Never the message, which may name the link.
     */
    String summary() {
        if (status > 0) {
            return "HTTP " + status + (code == null ? "" : " " + code);
        }
        String what = switch (kind) {
            case THROTTLED -> "throttling";
            case TRANSIENT -> "a transient failure";
            default -> kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
        String detail = code != null ? code : getCause() != null ? getCause().getClass().getSimpleName() : null;
        return detail == null ? what : what + " (" + detail + ")";
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        while (oneLine.endsWith(".")) {
            oneLine = oneLine.substring(0, oneLine.length() - 1);
        }
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
