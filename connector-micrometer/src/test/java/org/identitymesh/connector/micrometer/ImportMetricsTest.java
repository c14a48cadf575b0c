package org.identitymesh.connector.micrometer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The meters of real imports by the Entra connector from the simulated tenant: what they hold after an import is
 * what its {@link ImportResult} says, and a failed import is counted by its exception type without moving the last
 * success.
 */
class ImportMetricsTest {

    private static final Tags CONTOSO = Tags.of("tenant", "contoso");

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private TenantFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(60).groups(12).memberships(120).build(), s -> {
        });
        clock.add(Duration.ofDays(20_000)); // a wall time in this century
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void afterASuccessfulImportTheMetersHoldWhatItsResultSays() {
        ImportMetrics metrics = ImportMetrics.of(registry, CONTOSO);
        fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "0.05"));
        ImportResult result;
        try (Connector connector = fixture.connector("\"PageSize\":20")) {
            ImportMetrics.Run run = metrics.start();
            result = connector.importChanges(ImportRequest.full().withProgressListener(run), record -> {
            });
            run.succeeded(result);
        }

        assertEquals(1, result.type("User").orElseThrow().retries(), "the throttled users page was retried");
        List<Executable> checks = new ArrayList<>();
        for (ImportResult.TypeResult t : result.types().values()) {
            String type = t.objectType();
            checks.add(() -> assertEquals(t.upserted(), count(ImportMetrics.RECORDS, "type", type, "operation", "upsert"),
                    type + " upserts"));
            checks.add(() -> assertEquals(t.deleted(), count(ImportMetrics.RECORDS, "type", type, "operation", "delete"),
                    type + " deletes"));
            checks.add(() -> assertEquals(t.seen(), count(ImportMetrics.OBJECTS_SEEN, "type", type), type + " seen"));
            checks.add(() -> assertEquals(t.filteredOut(), count(ImportMetrics.OBJECTS_FILTERED, "type", type),
                    type + " filtered"));
            checks.add(() -> assertEquals(t.pages(), count(ImportMetrics.PAGES, "type", type), type + " pages"));
            checks.add(() -> assertEquals(t.requests(), count(ImportMetrics.REQUESTS, "type", type), type + " requests"));
            checks.add(() -> assertEquals(t.retries(), retryWaits(type).count(), type + " retries"));
            checks.add(() -> assertEquals(t.waited().toNanos(), (long) retryWaits(type).totalTime(TimeUnit.NANOSECONDS),
                    type + " time waited"));
            checks.add(() -> assertEquals(1, count(ImportMetrics.ROUNDS, "type", type, "round", "requested"),
                    type + " rounds"));
        }
        assertAll(checks);
        assertTrue(result.type("User").orElseThrow().upserted() > 0 && result.type("User").orElseThrow().pages() > 1,
                "a tenant worth measuring: " + result);

        assertEquals(1, count(ImportMetrics.STARTED));
        assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "success", "exception", "none"));
        assertEquals(1, registry.get(ImportMetrics.DURATION).tags(CONTOSO).tag("outcome", "success").timer().count());
        assertEquals(clock.wallTime() / 1000d, lastSuccess());
        assertAll(registry.getMeters().stream().map(m -> () -> assertEquals("contoso", m.getId().getTag("tenant"),
                m.getId()::toString)));
    }

    @Test
    void aFailedImportIsCountedByItsExceptionTypeAndLeavesTheLastSuccessAlone() {
        ImportMetrics metrics = ImportMetrics.of(registry, CONTOSO);
        try (Connector connector = fixture.connector("\"MaxRetries\":1")) {
            ImportMetrics.Run first = metrics.start();
            first.succeeded(connector.importChanges(ImportRequest.full().withProgressListener(first), record -> {
            }));
            double succeededAt = lastSuccess();
            clock.add(Duration.ofHours(1));

            fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "0.05"), 2);
            ImportMetrics.Run second = metrics.start();
            ThrottledException e = assertThrows(ThrottledException.class, () -> connector.importChanges(
                    ImportRequest.full().withProgressListener(second), record -> {
                    }));
            second.failed(e);

            assertEquals(2, count(ImportMetrics.STARTED));
            assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "success", "exception", "none"));
            assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "failure", "exception", "ThrottledException"));
            assertEquals(1, registry.get(ImportMetrics.DURATION).tags(CONTOSO).tag("outcome", "failure").timer()
                    .count());
            assertEquals(succeededAt, lastSuccess(), "a failure does not move the last success");
            assertEquals(1, retryWaits("User").count(), "the retry before the failure is counted");
        }
    }

    @Test
    void theExceptionTagIsTheSpisTypeOrOther() {
        ImportMetrics metrics = ImportMetrics.of(registry, CONTOSO);
        metrics.start().failed(new TenantBusy());
        metrics.start().failed(new TransientConnectorException("Graph is unavailable", "rid-1", null));
        metrics.start().failed(new IllegalStateException("a bug in the host"));

        assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "failure", "exception", "ThrottledException"),
                "a connector's own subclass is tagged with the SPI type it extends");
        assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "failure", "exception", "TransientConnectorException"));
        assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "failure", "exception", "other"));
        assertFalse(registry.getMeters().stream().anyMatch(m -> "TenantBusy".equals(m.getId().getTag("exception"))));
    }

    @Test
    void onlyTheFirstOutcomeOfARunCounts() {
        ImportMetrics metrics = ImportMetrics.of(registry, CONTOSO);
        ImportMetrics.Run run = metrics.start();
        run.succeeded(new ImportResult("w", Map.of(), Duration.ZERO));
        run.failed(new IllegalStateException("late"));
        run.succeeded(new ImportResult("w", Map.of(), Duration.ZERO));

        assertEquals(1, count(ImportMetrics.FINISHED, "outcome", "success", "exception", "none"));
        assertEquals(0, count(ImportMetrics.FINISHED, "outcome", "failure", "exception", "other"));
        assertEquals(1, registry.get(ImportMetrics.DURATION).tags(CONTOSO).timer().count());
    }

    @Test
    void aNewInstanceForTheSameTagsTakesTheLastSuccessOverAndOtherTagsKeepTheirOwn() {
        ImportMetrics.of(registry, CONTOSO).start().succeeded(new ImportResult("w", Map.of(), Duration.ZERO));
        double first = lastSuccess();
        clock.add(Duration.ofMinutes(5));

        ImportMetrics reloaded = ImportMetrics.of(registry, CONTOSO);
        ImportMetrics.of(registry, Tags.of("tenant", "fabrikam"));
        assertEquals(first, lastSuccess(), "the value is carried over");
        reloaded.start().succeeded(new ImportResult("w", Map.of(), Duration.ZERO));
        assertEquals(clock.wallTime() / 1000d, lastSuccess(), "the new instance moves the gauge");
        assertEquals(0, registry.get(ImportMetrics.LAST_SUCCESS).tag("tenant", "fabrikam").gauge().value());
        assertEquals(1, registry.find(ImportMetrics.LAST_SUCCESS).tags(CONTOSO).gauges().size());
    }

    @Test
    void aHostsOwnListenerStillHearsEveryEvent() {
        ImportMetrics metrics = ImportMetrics.of(registry, CONTOSO);
        List<String> heard = new ArrayList<>();
        ProgressListener host = new ProgressListener() {
            @Override
            public void roundStarted(String objectType, boolean fullRound) {
                heard.add("started " + objectType);
            }

            @Override
            public void pageDelivered(String objectType, long pageNumber, int objects, long totalSoFar) {
                heard.add("page " + objectType);
            }

            @Override
            public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
                heard.add("retry " + objectType);
            }

            @Override
            public void roundFinished(ImportResult.TypeResult result) {
                heard.add("finished " + result.objectType());
            }
        };
        fixture.tenant().faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(503, "0.05"));
        try (Connector connector = fixture.connector("\"PageSize\":20")) {
            ImportMetrics.Run run = metrics.start(host);
            ImportResult result = connector.importChanges(ImportRequest.full().withProgressListener(run), record -> {
            });
            run.succeeded(result);
            for (ImportResult.TypeResult t : result.types().values()) {
                assertEquals(t.pages(), heard.stream().filter(("page " + t.objectType())::equals).count());
                assertEquals(t.retries(), heard.stream().filter(("retry " + t.objectType())::equals).count());
                assertTrue(heard.contains("finished " + t.objectType()), heard::toString);
            }
            assertTrue(heard.contains("started User") && heard.contains("started Group"), heard::toString);
        }
    }

    /** A connector's own exception type, which must not become a tag value. */
    private static final class TenantBusy extends ThrottledException {

        private static final long serialVersionUID = 1L;

        TenantBusy() {
            super("the tenant is busy", Duration.ofSeconds(30), null, null);
        }
    }

    private double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(CONTOSO).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private Timer retryWaits(String type) {
        Timer timer = registry.find(ImportMetrics.RETRY_WAITS).tags(CONTOSO).tag("type", type).timer();
        return timer != null ? timer : Timer.builder("absent").register(new SimpleMeterRegistry());
    }

    private double lastSuccess() {
        return registry.get(ImportMetrics.LAST_SUCCESS).tags(CONTOSO).gauge().value();
    }
}
