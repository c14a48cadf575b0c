package org.identitymesh.connector.entra.graph;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.entra.config.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's one retry owner: whether a failed request is repeated, how long to wait first, and the wait itself.
 * Delta pages, member pages and single-object reads go through {@link #run}; the items of a {@code $batch}, which
 * Graph answers one by one inside a successful response, use {@link #waitBefore}, {@link #retryAfter} and
 * {@link #sleep} with the same limits.
 *
 * <p>Synchronous: the attempt and the wait run on the caller's thread, and a wait ends within 100 ms when the
 * import is cancelled or the thread interrupted. (resilience4j's synchronous retry sleeps through one JVM-wide sleep
 * function that cannot see an import's cancellation, so it is not used.)
 *
 * <p>The wait before retry {@code n} is what Graph asked for in {@code Retry-After} (seconds, which Graph sends with
 * a fraction, or an HTTP date), else {@code n} times the base delay; never more than the configured maximum and never
 * less than a millisecond.
 *
 * <p>Every wait is logged ({@link #logWait}): from {@code RetryWarningSeconds} on at WARN, as
 * {@code HTTP 429 TooManyRequests (request-id ...): retrying after 30 s (retry 1 of 5)}, naming the failure by
 * status and code only, never by link; a shorter wait at DEBUG.
 */
public final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final BigDecimal A_YEAR_IN_SECONDS = BigDecimal.valueOf(86_400L * 365);

    private final RetrySettings settings;
    private final Clock clock;

    /**
     * Creates the policy.
     *
     * @param settings how often and how long
     * @param clock    the clock that HTTP-date {@code Retry-After} values are measured against
     */
    public RetryPolicy(RetrySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * How many times one request may be repeated.
     *
     * @return the configured maximum
     */
    public int maxRetries() {
        return settings.maxRetries();
    }

    /**
     * How many attempts one request may take: the first and every retry.
     *
     * @return {@code maxRetries() + 1}
     */
    public int maxAttempts() {
        return settings.maxRetries() + 1;
    }

    /**
     * Runs a request until it succeeds, fails in a way that repeating would not mend, or has used every attempt.
     *
     * @param attempt      sends the request once; throws {@link GraphFailure} when it failed
     * @param where        names the request in logs, without secrets
     * @param observer     told about each retry
     * @param cancellation checked before each attempt and while waiting
     * @param <T>          the result
     * @return what the successful attempt returned
     * @throws GraphFailure              the last failure, when it is not retryable or no attempt is left
     * @throws ImportCancelledException when cancelled
     */
    <T> T run(Supplier<T> attempt, String where, RequestObserver observer, Cancellation cancellation) {
        for (int retry = 1; ; retry++) {
            throwIfCancelled(cancellation);
            try {
                return attempt.get();
            } catch (GraphFailure failure) {
                throwIfCancelled(cancellation); // a call ended by the cancellation is no failure to repeat
                if (!failure.kind().retryable() || retry > settings.maxRetries()) {
                    throw failure;
                }
                Duration wait = waitBefore(retry, failure.retryAfter().orElse(null));
                if (warns(wait)) {
                    logWait(failure.summary() + failure.requestId().map(id -> " (request-id " + id + ")").orElse(""),
                            retry, wait);
                } else {
                    LOG.debug("Retry {} of {} in {} ms: {}", retry, where, wait.toMillis(), failure.getMessage());
                }
                observer.retryScheduled(retry, wait, failure.getMessage());
                sleep(wait, cancellation);
            }
        }
    }

    private static void throwIfCancelled(Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            throw new ImportCancelledException("The import was cancelled; no watermark was returned.");
        }
    }

    /**
     * The wait before a retry.
     *
     * @param retry      1 for the first retry
     * @param retryAfter what Graph asked for, or {@code null}
     * @return the wait, in whole milliseconds, between 1 ms and the configured maximum
     */
    public Duration waitBefore(int retry, Duration retryAfter) {
        Duration wait = retryAfter != null ? retryAfter : settings.baseDelay().multipliedBy(retry);
        if (wait.compareTo(settings.maxWait()) > 0) {
            wait = settings.maxWait();
        }
        return Duration.ofMillis(Math.max(1L, wait.toMillis()));
    }

    /**
     * Logs a wait before a retry: at WARN when it is at least {@code RetryWarningSeconds} long, else at DEBUG, as
     * {@code <failure>: retrying after <seconds> s (retry <n> of <max>)}.
     *
     * @param failure what failed, by HTTP status, error code or kind, for example {@code HTTP 429 TooManyRequests};
     *                never a link, a token or a response body
     * @param retry   1 for the first retry
     * @param wait    the wait before it
     */
    public void logWait(String failure, int retry, Duration wait) {
        if (warns(wait)) {
            LOG.warn("{}: retrying after {} s (retry {} of {})", failure, seconds(wait), retry, settings.maxRetries());
        } else {
            LOG.debug("{}: retrying after {} s (retry {} of {})", failure, seconds(wait), retry, settings.maxRetries());
        }
    }

    private boolean warns(Duration wait) {
        return wait.compareTo(settings.warnFrom()) >= 0;
    }

    /** A wait in seconds, with the milliseconds only when there are any: {@code 30}, {@code 2.128}. */
    private static String seconds(Duration wait) {
        return BigDecimal.valueOf(wait.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /**
     * Parses a {@code Retry-After} value: delta-seconds, possibly with a fraction ({@code 2.128}), or an HTTP-date.
     * A date in the past means now; anything unparseable is ignored.
     *
     * @param value the header's value, possibly {@code null}
     * @return the wait Graph asked for, if it asked for one
     */
    public Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank() || value.strip().length() > 64) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.matches("\\d+(\\.\\d+)?")) {
            BigDecimal seconds = new BigDecimal(text);
            return Optional.of(seconds.compareTo(A_YEAR_IN_SECONDS) > 0 ? Duration.ofDays(365)
                    : Duration.ofNanos(seconds.movePointRight(9).longValue()));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits, ending at once when the import is cancelled or the thread interrupted.
     *
     * @param wait         how long
     * @param cancellation ends the wait
     * @throws ImportCancelledException when cancelled or interrupted while waiting
     */
    public void sleep(Duration wait, Cancellation cancellation) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            if (cancellation.isCancelled()) {
                throw new ImportCancelledException("The import was cancelled while waiting for Graph; no watermark "
                        + "was returned.");
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, CHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImportCancelledException("The import was interrupted; no watermark was returned.");
            }
        }
    }
}
