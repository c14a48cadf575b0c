package org.identitymesh.connector.testkit.entra;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure the tenant answers instead of the real response; queue it with {@link FaultInjector}. Immutable.
 *
 * <p>Status faults answer with the Graph error body ({@code {"error":{"code","message","innerError"}}}) or, at
 * the token endpoint, with the Entra ID one ({@code {"error","error_description","error_codes",...}}).
 * Inside a {@code $batch}, only status faults apply to items (the item gets the status, headers and body).
 */
public final class Fault {

    /** What kind of failure. */
    public enum Type {
        /** An HTTP error status with a JSON error body (and optionally {@code Retry-After}). */
        STATUS,
        /** HTTP 200 whose JSON body is cut short and garbled. */
        MALFORMED_JSON,
        /** Headers and part of the body, then the connection is closed mid-body. */
        CONNECTION_CUT,
        /** An HTTP error status with a {@code text/plain} body. */
        PLAIN_TEXT
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Type type;
    private final int status;
    private final String code;
    private final String message;
    private final String retryAfter;

    private Fault(Type type, int status, String code, String message, String retryAfter) {
        this.type = type;
        this.status = status;
        this.code = code;
        this.message = message;
        this.retryAfter = retryAfter;
    }

    /**
     * Throttling or unavailability without {@code Retry-After}.
     *
     * @param status 429, 503 or 504 (any status is accepted)
     * @return the fault
     */
    public static Fault throttled(int status) {
        return new Fault(Type.STATUS, status, throttleCode(status), throttleMessage(status), null);
    }

    /**
     * Throttling with a {@code Retry-After} header taken verbatim: seconds ({@code "2"}), fractional seconds
     * ({@code "0.2"}) or an HTTP date.
     *
     * @param status     429, 503 or 504
     * @param retryAfter the header value
     * @return the fault
     */
    public static Fault throttled(int status, String retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        return new Fault(Type.STATUS, status, throttleCode(status), throttleMessage(status), retryAfter);
    }

    /**
     * Throttling with {@code Retry-After} in seconds, fractional when the duration is not whole seconds
     * ({@code Duration.ofMillis(200)} gives {@code "0.2"}).
     *
     * @param status     429, 503 or 504
     * @param retryAfter the delay
     * @return the fault
     */
    public static Fault throttled(int status, Duration retryAfter) {
        BigDecimal seconds = BigDecimal.valueOf(retryAfter.toMillis()).movePointLeft(3).stripTrailingZeros();
        return throttled(status, seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString());
    }

    /**
     * Throttling with {@code Retry-After} as an HTTP date.
     *
     * @param status 429, 503 or 504
     * @param until  when to retry
     * @return the fault
     */
    public static Fault throttledUntil(int status, Instant until) {
        return throttled(status, HTTP_DATE.format(until));
    }

    /**
     * HTTP 400 with code {@code syncStateNotFound}: the delta token has expired.
     *
     * @return the fault
     */
    public static Fault syncStateNotFound() {
        return new Fault(Type.STATUS, 400, "syncStateNotFound",
                "The sync state for this request was not found; it has expired. Start a new delta round.", null);
    }

    /**
     * HTTP 410 Gone with code {@code resyncRequired} and a {@code Location} header to start over.
     *
     * @return the fault
     */
    public static Fault resyncRequired() {
        return new Fault(Type.STATUS, 410, "resyncRequired",
                "The delta token is no longer valid; the application must resynchronize from the start.", null);
    }

    /**
     * HTTP 401 with code {@code InvalidAuthenticationToken}.
     *
     * @return the fault
     */
    public static Fault invalidAuthenticationToken() {
        return new Fault(Type.STATUS, 401, "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.", null);
    }

    /**
     * HTTP 403 with code {@code Authorization_RequestDenied}.
     *
     * @return the fault
     */
    public static Fault authorizationDenied() {
        return new Fault(Type.STATUS, 403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.", null);
    }

    /**
     * Any HTTP error with a Graph error body.
     *
     * @param status  the HTTP status
     * @param code    the {@code error.code}
     * @param message the {@code error.message}
     * @return the fault
     */
    public static Fault error(int status, String code, String message) {
        return new Fault(Type.STATUS, status, Objects.requireNonNull(code, "code"),
                Objects.requireNonNull(message, "message"), null);
    }

    /**
     * An HTTP error with a {@code text/plain} body (as a proxy or gateway might send).
     *
     * @param status the HTTP status
     * @param body   the text
     * @return the fault
     */
    public static Fault plainText(int status, String body) {
        return new Fault(Type.PLAIN_TEXT, status, null, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * HTTP 200 with a JSON body that is cut short and garbled (complete at the HTTP level).
     *
     * @return the fault
     */
    public static Fault malformedJson() {
        return new Fault(Type.MALFORMED_JSON, 200, null, null, null);
    }

    /**
     * HTTP 200 headers announcing the full body length, about half of the body, then an abrupt close.
     *
     * @return the fault
     */
    public static Fault connectionCut() {
        return new Fault(Type.CONNECTION_CUT, 200, null, null, null);
    }

    /**
     * What kind of failure this is.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * The HTTP status answered.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The error code of a status fault.
     *
     * @return the code, or empty for other types
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /**
     * The error message of a status fault, or the text of a plain-text fault.
     *
     * @return the message, or empty
     */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /**
     * The {@code Retry-After} header value.
     *
     * @return the value, or empty when the fault sends none
     */
    public Optional<String> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    private static String throttleCode(int status) {
        return switch (status) {
            case 429 -> "TooManyRequests";
            case 503 -> "serviceNotAvailable";
            case 504 -> "gatewayTimeout";
            default -> "UnknownError";
        };
    }

    private static String throttleMessage(int status) {
        return switch (status) {
            case 429 -> "Too many requests. Retry after the time the Retry-After header gives.";
            case 503 -> "The service is temporarily unavailable. Retry later.";
            case 504 -> "The gateway did not receive a response in time.";
            default -> "An error occurred.";
        };
    }

    @Override
    public String toString() {
        return "Fault{" + type + " " + status + (code != null ? " " + code : "")
                + (retryAfter != null ? " Retry-After: " + retryAfter : "") + "}";
    }
}
