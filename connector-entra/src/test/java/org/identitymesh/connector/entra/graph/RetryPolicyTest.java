package org.identitymesh.connector.entra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.entra.config.RetrySettings;
import org.junit.jupiter.api.Test;

/** The one retry owner on its own: Retry-After, waits, the cap, giving up, and cancellation. */
class RetryPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> reported = new ArrayList<>();
    private final RequestObserver observer = new RequestObserver() {
        @Override
        public void requestSent() {
        }

        @Override
        public void retryScheduled(int attempt, Duration wait, String reason) {
            reported.add(attempt + " " + wait.toMillis() + " " + reason);
        }
    };

    private static RetryPolicy policy(int maxRetries, Duration base, Duration max) {
        return new RetryPolicy(new RetrySettings(maxRetries, base, max, Duration.ofSeconds(10)), CLOCK);
    }

    @Test
    void parsesRetryAfterInSecondsFractionsAndDates() {
        RetryPolicy policy = policy(5, Duration.ofSeconds(5), Duration.ofMinutes(5));
        assertEquals(Optional.of(Duration.ofMillis(2128)), policy.retryAfter("2.128"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), policy.retryAfter(" 5 "));
        assertEquals(Optional.of(Duration.ofSeconds(30)), policy.retryAfter("Sun, 22 Nov 2026 10:00:30 GMT"));
        assertEquals(Optional.of(Duration.ZERO), policy.retryAfter("Sun, 22 Nov 2026 09:00:00 GMT"));
        assertEquals(Optional.empty(), policy.retryAfter("soon"));
        assertEquals(Optional.empty(), policy.retryAfter("-1"));
        assertEquals(Optional.empty(), policy.retryAfter(null));
    }

    @Test
    void waitsWhatGraphAskedForElseAttemptTimesTheBaseDelayCappedAndAtLeastAMillisecond() {
        RetryPolicy policy = policy(5, Duration.ofSeconds(5), Duration.ofSeconds(12));
        assertEquals(Duration.ofSeconds(5), policy.waitBefore(1, null));
        assertEquals(Duration.ofSeconds(10), policy.waitBefore(2, null));
        assertEquals(Duration.ofSeconds(12), policy.waitBefore(3, null), "capped");
        assertEquals(Duration.ofMillis(2128), policy.waitBefore(4, Duration.ofNanos(2_128_400_000L)));
        assertEquals(Duration.ofSeconds(12), policy.waitBefore(1, Duration.ofHours(1)), "Retry-After is capped too");
        assertEquals(Duration.ofMillis(1), policy.waitBefore(1, Duration.ZERO));
    }

    @Test
    void retriesARetryableFailureAndReportsEachRetry() {
        RetryPolicy policy = policy(5, Duration.ofMillis(2), Duration.ofSeconds(1));
        AtomicInteger calls = new AtomicInteger();
        String result = policy.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw GraphFailure.fromResponse(503, "serviceNotAvailable", null, "r", null);
            }
            return "page";
        }, "link", observer, Cancellation.create());
        assertEquals("page", result);
        assertEquals(3, calls.get());
        assertEquals(List.of("1 2 HTTP 503 serviceNotAvailable", "2 4 HTTP 503 serviceNotAvailable"), reported);
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastFailure() {
        RetryPolicy policy = policy(2, Duration.ofMillis(1), Duration.ofSeconds(1));
        AtomicInteger calls = new AtomicInteger();
        GraphFailure last = assertThrows(GraphFailure.class, () -> policy.run(() -> {
            throw GraphFailure.fromResponse(429, "TooManyRequests", "try " + calls.incrementAndGet(), null, null);
        }, "link", observer, Cancellation.create()));
        assertEquals(3, calls.get(), "one attempt and MaxRetries retries");
        assertTrue(last.getMessage().endsWith("try 3"), last.getMessage());
        assertEquals(2, reported.size());
    }

    @Test
    void doesNotRepeatWhatRepeatingCannotMend() {
        RetryPolicy policy = policy(5, Duration.ofMillis(1), Duration.ofSeconds(1));
        AtomicInteger calls = new AtomicInteger();
        GraphFailure forbidden = GraphFailure.fromResponse(403, "Authorization_RequestDenied", null, null, null);
        assertSame(forbidden, assertThrows(GraphFailure.class, () -> policy.run(() -> {
            calls.incrementAndGet();
            throw forbidden;
        }, "link", observer, Cancellation.create())));
        assertEquals(1, calls.get());
        assertEquals(List.of(), reported);
    }

    @Test
    void cancellingEndsAWaitAtOnceAndAnAttemptIsNeverStartedWhenCancelled() throws Exception {
        RetryPolicy policy = policy(5, Duration.ofSeconds(60), Duration.ofSeconds(60));
        Cancellation cancellation = Cancellation.create();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancellation.cancel();
        });
        canceller.start();
        long started = System.nanoTime();
        ImportCancelledException e = assertThrows(ImportCancelledException.class, () -> policy.run(() -> {
            throw GraphFailure.fromResponse(429, null, null, null, null);
        }, "link", observer, cancellation));
        canceller.join();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "the 60 s wait was cut short");
        assertTrue(e.getMessage().contains("while waiting"), e.getMessage());
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ImportCancelledException.class, () -> policy.run(calls::incrementAndGet, "link", observer,
                cancellation));
        assertEquals(0, calls.get());
    }
}
