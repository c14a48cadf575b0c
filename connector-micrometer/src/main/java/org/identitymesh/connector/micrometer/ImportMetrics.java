package org.identitymesh.connector.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;

/**
 * Micrometer meters for the imports of one connector instance (one tenant), for any connector of the SPI. Make one
 * per tenant, with the tags that tell tenants apart, and keep it; wrap each import in a {@link Run}:
 *
 * <pre>{@code
 * ImportMetrics metrics = ImportMetrics.of(registry, Tags.of("tenant", "contoso"));
 *
 * ImportMetrics.Run run = metrics.start();
 * try {
 *     ImportResult result = connector.importChanges(ImportRequest.delta(watermark).withProgressListener(run), sink);
 *     run.succeeded(result);
 * } catch (RuntimeException e) {
 *     run.failed(e);
 *     throw e;
 * }
 * }</pre>
 *
 * <p>Every meter carries the given tags. Pages and retry waits are recorded from the progress events as they
 * happen, so an import that fails still counts them; records, objects, rounds and requests from the
 * {@link ImportResult}, so only imports that succeed count them:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>kind</th><th>tags besides the given ones</th><th>what</th></tr>
 *   <tr><td>{@value #STARTED}</td><td>counter</td><td></td><td>imports started</td></tr>
 *   <tr><td>{@value #FINISHED}</td><td>counter</td><td>{@code outcome}, {@code exception}</td><td>imports
 *       finished: {@code success} with exception {@code none}, or {@code failure} with the SPI exception type
 *       ({@code ThrottledException}, ...) or {@code other}</td></tr>
 *   <tr><td>{@value #DURATION}</td><td>timer</td><td>{@code outcome}</td><td>from {@link #start()} to the
 *       outcome</td></tr>
 *   <tr><td>{@value #LAST_SUCCESS}</td><td>gauge, seconds</td><td></td><td>when the last import succeeded, in
 *       seconds since the epoch; 0 until one has</td></tr>
 *   <tr><td>{@value #ROUNDS}</td><td>counter</td><td>{@code type}, {@code round}</td><td>rounds per object type:
 *       {@code delta}, or the reason for a full one ({@code first_run}, {@code requested}, {@code delta_expired},
 *       {@code configuration_changed}, {@code always_full})</td></tr>
 *   <tr><td>{@value #RECORDS}</td><td>counter</td><td>{@code type}, {@code operation}</td><td>records delivered,
 *       {@code upsert} or {@code delete}</td></tr>
 *   <tr><td>{@value #OBJECTS_SEEN}</td><td>counter</td><td>{@code type}</td><td>objects the system returned</td></tr>
 *   <tr><td>{@value #OBJECTS_FILTERED}</td><td>counter</td><td>{@code type}</td><td>objects left out of
 *       scope</td></tr>
 *   <tr><td>{@value #PAGES}</td><td>counter</td><td>{@code type}</td><td>pages delivered</td></tr>
 *   <tr><td>{@value #REQUESTS}</td><td>counter</td><td>{@code type}</td><td>requests sent, retries
 *       included</td></tr>
 *   <tr><td>{@value #RETRY_WAITS}</td><td>timer</td><td>{@code type}</td><td>each wait before a retry: its count is
 *       the number of retries, its total the time waited</td></tr>
 * </table>
 *
 * <p>The tag keys {@code type}, {@code operation}, {@code outcome}, {@code exception} and {@code round} are this
 * class's; do not pass them. Besides its meters, an instance holds only the value of the last-success gauge. A
 * second instance for the same registry and tags takes that gauge over, with its value, so a host that makes a new
 * one (after a configuration reload, say) does not leave the gauge stuck; meanwhile the earlier instance's
 * successes no longer move it.
 */
public final class ImportMetrics {

    /** Imports started. */
    public static final String STARTED = "identitymesh.import.started";
    /** Imports finished, by outcome and exception. */
    public static final String FINISHED = "identitymesh.import.finished";
    /** How long imports took, by outcome. */
    public static final String DURATION = "identitymesh.import.duration";
    /** When the last import succeeded, in seconds since the epoch. */
    public static final String LAST_SUCCESS = "identitymesh.import.last.success";
    /** Rounds, by object type and kind. */
    public static final String ROUNDS = "identitymesh.import.rounds";
    /** Records delivered, by object type and operation. */
    public static final String RECORDS = "identitymesh.import.records";
    /** Objects the system returned, by object type. */
    public static final String OBJECTS_SEEN = "identitymesh.import.objects.seen";
    /** Objects left out of scope, by object type. */
    public static final String OBJECTS_FILTERED = "identitymesh.import.objects.filtered";
    /** Pages delivered, by object type. */
    public static final String PAGES = "identitymesh.import.pages";
    /** Requests sent, retries included, by object type. */
    public static final String REQUESTS = "identitymesh.import.requests";
    /** Waits before retries, by object type. */
    public static final String RETRY_WAITS = "identitymesh.import.retry.waits";

    private static final String API_PACKAGE = ConnectorException.class.getPackageName();

    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicLong lastSuccessMillis;

    private ImportMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.lastSuccessMillis = new AtomicLong(takeOverLastSuccess());
        Gauge.builder(LAST_SUCCESS, lastSuccessMillis, millis -> millis.get() / 1000d)
                .description("When the last import succeeded, in seconds since the epoch; 0 until one has")
                .baseUnit("seconds").tags(tags).strongReference(true).register(registry);
    }

    /**
     * Prepares the meters of one connector instance.
     *
     * @param registry where the meters go
     * @param tags     what every meter carries, for example {@code Tags.of("tenant", "contoso")}; may be empty
     * @return the metrics
     */
    public static ImportMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
        return new ImportMetrics(Objects.requireNonNull(registry, "registry"), Tags.of(Objects.requireNonNull(tags,
                "tags")));
    }

    /**
     * Counts an import as started and returns the listener to pass with its request.
     *
     * @return the run, to pass to {@code ImportRequest.withProgressListener} and to tell the outcome
     */
    public Run start() {
        return start(ProgressListener.NONE);
    }

    /**
     * Like {@link #start()}, for a host that has a progress listener of its own: the run passes every event on to
     * it after recording it.
     *
     * @param next the host's listener
     * @return the run
     */
    public Run start(ProgressListener next) {
        Objects.requireNonNull(next, "next");
        counter(STARTED, "Imports started", Tags.empty()).increment();
        return new Run(Timer.start(registry), next);
    }

    /**
     * One import: the progress listener to pass with its request, and where its outcome is told. Only the first of
     * {@link #succeeded} and {@link #failed} counts; later calls are ignored.
     */
    public final class Run implements ProgressListener {

        private final Timer.Sample started;
        private final ProgressListener next;
        private final AtomicBoolean finished = new AtomicBoolean();

        private Run(Timer.Sample started, ProgressListener next) {
            this.started = started;
            this.next = next;
        }

        /**
         * Passes the event on.
         *
         * @param objectType the type
         * @param fullRound  whether the round is a full one
         */
        @Override
        public void roundStarted(String objectType, boolean fullRound) {
            next.roundStarted(objectType, fullRound);
        }

        /**
         * Counts the page and passes the event on.
         *
         * @param objectType the type
         * @param pageNumber 1 for the first page of the round
         * @param objects    objects on the page
         * @param totalSoFar objects seen in this round so far
         */
        @Override
        public void pageDelivered(String objectType, long pageNumber, int objects, long totalSoFar) {
            counter(PAGES, "Pages delivered", type(objectType)).increment();
            next.pageDelivered(objectType, pageNumber, objects, totalSoFar);
        }

        /**
         * Records the wait and passes the event on.
         *
         * @param objectType the type being read
         * @param attempt    1 for the first retry
         * @param wait       how long the connector waits before retrying
         * @param reason     a short reason
         */
        @Override
        public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
            Timer.builder(RETRY_WAITS).description("Waits before retries; the count is the number of retries")
                    .tags(tags).tags(type(objectType)).register(registry).record(wait);
            next.retryScheduled(objectType, attempt, wait, reason);
        }

        /**
         * Passes the event on.
         *
         * @param result the type's result so far
         */
        @Override
        public void roundFinished(ImportResult.TypeResult result) {
            next.roundFinished(result);
        }

        /**
         * The import succeeded: counts it, records its duration, its figures per object type and the time of this
         * success.
         *
         * @param result what the import returned
         */
        public void succeeded(ImportResult result) {
            Objects.requireNonNull(result, "result");
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            for (ImportResult.TypeResult t : result.types().values()) {
                Tags type = type(t.objectType());
                counter(ROUNDS, "Rounds, delta or the reason for a full one", type.and("round", t.fullRound()
                        .map(reason -> reason.name().toLowerCase(Locale.ROOT)).orElse("delta"))).increment();
                counter(RECORDS, "Records delivered", type.and("operation", "upsert")).increment(t.upserted());
                counter(RECORDS, "Records delivered", type.and("operation", "delete")).increment(t.deleted());
                counter(OBJECTS_SEEN, "Objects the system returned", type).increment(t.seen());
                counter(OBJECTS_FILTERED, "Objects left out of scope", type).increment(t.filteredOut());
                counter(REQUESTS, "Requests sent, retries included", type).increment(t.requests());
            }
            finish("success", "none");
            lastSuccessMillis.set(registry.config().clock().wallTime());
        }

        /**
         * The import failed: counts it by the SPI's type of the exception and records its duration. The time of the
         * last success stays.
         *
         * @param failure what the import threw
         */
        public void failed(Throwable failure) {
            Objects.requireNonNull(failure, "failure");
            if (finished.compareAndSet(false, true)) {
                finish("failure", exceptionTag(failure));
            }
        }

        private void finish(String outcome, String exception) {
            started.stop(Timer.builder(DURATION).description("How long imports took").tags(tags)
                    .tag("outcome", outcome).register(registry));
            counter(FINISHED, "Imports finished", Tags.of("outcome", outcome, "exception", exception)).increment();
        }
    }

    /**
     * The simple name of the SPI exception type a failure is, or {@code other}: never a connector's own class names,
     * which would make the tag's values unbounded.
     */
    static String exceptionTag(Throwable failure) {
        for (Class<?> c = failure.getClass(); ConnectorException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            if (c.getPackageName().equals(API_PACKAGE)) {
                return c.getSimpleName();
            }
        }
        return "other";
    }

    private Counter counter(String name, String description, Tags more) {
        return Counter.builder(name).description(description).tags(tags).tags(more).register(registry);
    }

    private static Tags type(String objectType) {
        return Tags.of("type", objectType);
    }

    /** Removes a last-success gauge an earlier instance registered for the same tags, and returns its value. */
    private long takeOverLastSuccess() {
        for (Gauge gauge : registry.find(LAST_SUCCESS).gauges()) {
            if (Tags.of(gauge.getId().getTags()).equals(tags)) {
                double seconds = gauge.value();
                Meter removed = registry.remove(gauge);
                return removed == null || Double.isNaN(seconds) ? 0 : Math.round(seconds * 1000);
            }
        }
        return 0;
    }
}
