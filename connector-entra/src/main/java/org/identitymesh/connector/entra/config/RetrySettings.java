package org.identitymesh.connector.entra.config;

import java.time.Duration;

/**
 * How Graph requests are retried after throttling (429), 503, 504 and transient I/O failures.
 *
 * @param maxRetries how many times one request is repeated before the import fails
 * @param baseDelay  the wait before retry {@code n} when Graph gives no {@code Retry-After}: {@code n x baseDelay}
 * @param maxWait    the longest single wait, whatever {@code Retry-After} says
 * @param warnFrom   a wait at least this long is logged at WARN, a shorter one at DEBUG ({@code ZERO}: every wait)
 * @see EntraConfigFields the defaults ({@code MaxRetries}, {@code RetryDelaySeconds}, {@code MaxRetryWaitSeconds},
 *      {@code RetryWarningSeconds})
 */
public record RetrySettings(int maxRetries, Duration baseDelay, Duration maxWait, Duration warnFrom) {
}
