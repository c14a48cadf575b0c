package org.identitymesh.connector.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportMode;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tenant's imports, one round at a time, on whichever of the task's threads picks it up when it is due.
 * A round streams the SPI's records into batches, one per page (the records between two checkpoints), and hands
 * each batch to the task's bounded queue, so memory is bounded by the page size times the queue's length.
 *
 * <p>Offsets follow the SPI's rule, a position is stored only after every change before it was delivered: the
 * records of a page carry the position that produced the page, the last one the checkpoint after it. When the round
 * ends, and every record of it was written, a snapshot-complete record (for the types the round read in full),
 * the run record and a heartbeat follow; the heartbeat carries the new watermark.
 */
final class TenantRunner implements Delayed {

    private static final Logger LOG = LoggerFactory.getLogger(TenantRunner.class);

    /**
     * Records of one tenant that commit together: with exactly-once, one transaction.
     *
     * @param runner  the tenant's runner
     * @param records at least one record
     */
    record Batch(TenantRunner runner, List<SourceRecord> records) {
    }

    private final Tenant tenant;
    private final ConnectorProvider provider;
    private final IdentitySourceConfig config;
    private final BlockingQueue<Batch> queue;
    private final Cancellation cancellation;
    private final Clock clock;
    private final boolean failTaskOnFatal;
    private final Map<String, String> partition;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong polled = new AtomicLong();
    private final TenantHealth health = new TenantHealth();
    private long enqueued;
    private Connector connector;
    private RecordMapper mapper;
    private SourcePosition position;
    /** The next sequence number, kept across failed rounds, which store no position. */
    private long nextSeq;
    private volatile long nextDue;
    private volatile RuntimeException fatal;

    TenantRunner(Tenant tenant, ConnectorProvider provider, IdentitySourceConfig config, SourcePosition stored,
            BlockingQueue<Batch> queue, Cancellation cancellation, Clock clock, boolean failTaskOnFatal) {
        this.tenant = tenant;
        this.provider = provider;
        this.config = config;
        this.position = stored;
        this.queue = queue;
        this.cancellation = cancellation;
        this.clock = clock;
        this.failTaskOnFatal = failTaskOnFatal;
        this.partition = SourcePosition.partition(tenant.name());
        this.nextDue = clock.millis();
    }

    String name() {
        return tenant.name();
    }

    /** How this tenant's rounds have gone, for the task's metrics. */
    TenantHealth health() {
        return health;
    }

    /** An error that must fail the task, once its run record was written; {@code null} otherwise. */
    RuntimeException fatal() {
        return fatal;
    }

    /** The task's poll handed out records of this tenant. */
    void polled(int records) {
        polled.addAndGet(records);
    }

    /** Kafka acknowledged one record of this tenant (at-least-once). */
    void acknowledged() {
        acknowledged.incrementAndGet();
    }

    /** Everything polled so far is committed (exactly-once: a transaction, or an offset flush). */
    void committed() {
        acknowledged.accumulateAndGet(polled.get(), Math::max);
    }

    /**
     * Runs the next round: resumes an import from its checkpoint, runs a delta from the watermark, or a full import
     * when none is stored, the schedule asks for one or the stored offset is refused.
     *
     * @throws InterruptedException when the task stops
     */
    void runRound() throws InterruptedException {
        long started = clock.millis();
        SourcePosition at = position;
        ImportRequest request;
        String round = UUID.randomUUID().toString();
        String why = null;
        String note = null;
        boolean resumed = false;
        long roundStarted = started;
        switch (at.kind()) {
            case CHECKPOINT -> {
                request = ImportRequest.resume(at.value());
                resumed = true;
                round = at.round() == null ? round : at.round();
                roundStarted = at.roundStarted() == 0 ? started : at.roundStarted();
            }
            case UNREADABLE -> {
                request = ImportRequest.full();
                why = "offset_rejected";
                note = "the stored offset could not be read; a full import replaces it";
                health.offsetRefused();
            }
            case NONE -> request = ImportRequest.delta(null);
            default -> {
                if (config.fullIntervalMs() > 0 && started - at.lastFull() >= config.fullIntervalMs()) {
                    request = ImportRequest.full();
                    why = "scheduled_full";
                } else {
                    request = ImportRequest.delta(at.value());
                }
            }
        }
        boolean full = request.mode() == ImportMode.FULL || at.kind() == SourcePosition.Kind.NONE
                || resumed && at.roundFull();
        RoundSink sink = new RoundSink(round, full, roundStarted, at);
        try {
            Connector c = connector();
            ImportResult result;
            try {
                result = c.importChanges(request.withProgressListener(sink).withCancellation(cancellation), sink);
            } catch (WatermarkRejectedException | ResyncRequiredException e) {
                boolean refused = e instanceof WatermarkRejectedException;
                why = refused ? "offset_rejected" : "resync_required";
                note = e.getMessage();
                if (refused) {
                    health.offsetRefused();
                }
                LOG.warn("Tenant {}: {}; running a full import instead: {}", tenant.name(),
                        refused ? "the stored offset was refused" : "the system requires a resync", e.getMessage());
                sink.restartAsFull();
                result = c.importChanges(ImportRequest.full().withProgressListener(sink)
                        .withCancellation(cancellation), sink);
            }
            sink.finish(result, why, note, resumed, started);
            nextDue = started + config.deltaIntervalMs();
        } catch (ImportCancelledException e) {
            if (cancellation.isCancelled()) {
                throw new InterruptedException("the task is stopping");
            }
            sink.fail(e, why, note, resumed, started);
        } catch (SinkFailedException e) {
            if (e.getCause() instanceof InterruptedException || cancellation.isCancelled()) {
                throw new InterruptedException("the task is stopping");
            }
            sink.fail(e, why, note, resumed, started);
        } catch (RuntimeException e) {
            sink.fail(e, why, note, resumed, started);
        }
    }

    private Connector connector() {
        if (connector == null) {
            connector = provider.create(tenant.configuration());
        }
        return connector;
    }

    private RecordMapper mapper() {
        if (mapper == null) {
            ConnectorDescriptor descriptor;
            try {
                descriptor = provider.descriptor(tenant.configuration());
            } catch (ConfigurationException e) {
                descriptor = provider.descriptor(); // the run record reports the problem
            }
            mapper = new RecordMapper(config, descriptor);
        }
        return mapper;
    }

    /** Closes the tenant's connector. Never throws. */
    void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (RuntimeException e) {
                LOG.warn("Tenant {}: closing its connector failed: {}", tenant.name(), e.getClass().getSimpleName());
            }
            connector = null;
        }
    }

    private void enqueue(List<SourceRecord> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        enqueued += records.size();
        queue.put(new Batch(this, List.copyOf(records)));
    }

    /** Waits until Kafka has every record this tenant enqueued, so that what follows is written after them. */
    private void awaitAcknowledged() throws InterruptedException {
        while (acknowledged.get() < enqueued) {
            if (cancellation.isCancelled()) {
                throw new InterruptedException("the task is stopping");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(nextDue - clock.millis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
    }

    /** Postpones the next round, after a failure outside an import. */
    void backOff() {
        nextDue = clock.millis() + config.retryBackoffMs();
    }

    @Override
    public String toString() {
        return "TenantRunner[" + tenant.name() + "]";
    }

    /** One round's sink and progress listener: batches per page, positions per record, the round's end. */
    private final class RoundSink implements ChangeSink, ProgressListener {

        private final String round;
        private final long roundStarted;
        private final SourcePosition start;
        private final Map<String, Boolean> fullByType = new HashMap<>();
        private final List<RecordMapper.Pending> pending = new ArrayList<>();
        private boolean full;
        private SourcePosition current;
        private long seq;

        RoundSink(String round, boolean full, long roundStarted, SourcePosition start) {
            this.round = round;
            this.full = full;
            this.roundStarted = roundStarted;
            this.start = start;
            this.current = start;
            this.seq = Math.max(start.seq(), nextSeq);
        }

        @Override
        public void roundStarted(String objectType, boolean fullRound) {
            fullByType.put(objectType, fullRound);
        }

        @Override
        public void accept(ChangeRecord record) throws InterruptedException {
            for (RecordMapper.Pending p : mapper().change(tenant.name(), record, round, isFull(record.objectType()))) {
                pending.add(p.numbered(seq++));
            }
            if (pending.size() >= config.maxBatchRecords()) {
                flush(current);
            }
        }

        @Override
        public void checkpoint(String checkpoint) throws InterruptedException {
            SourcePosition next = new SourcePosition(SourcePosition.Kind.CHECKPOINT, checkpoint, round, full,
                    roundStarted, start.lastFull(), seq);
            flush(next);
            current = next;
            position = next;
        }

        private boolean isFull(String objectType) {
            Boolean known = fullByType.get(objectType);
            if (known == null) {
                known = containerOf(objectType);
            }
            return known == null ? full : known;
        }

        private Boolean containerOf(String objectType) {
            return provider.descriptor().objectType(objectType)
                    .flatMap(ConnectorDescriptor.ObjectType::containerType)
                    .map(container -> fullByType.get(container.objectType()))
                    .orElse(null);
        }

        /** Hands the pending records over; the last carries {@code last}, the others the current position. */
        private void flush(SourcePosition last) throws InterruptedException {
            if (pending.isEmpty()) {
                return;
            }
            List<SourceRecord> records = new ArrayList<>(pending.size());
            Map<String, Object> before = current.toOffset();
            for (int i = 0; i < pending.size(); i++) {
                records.add(pending.get(i).at(partition, i == pending.size() - 1 ? last.toOffset() : before));
            }
            pending.clear();
            nextSeq = seq;
            enqueue(records);
        }

        /** A refused offset or a required resync: what follows is a full import. */
        void restartAsFull() throws InterruptedException {
            flush(current);
            full = true;
            fullByType.clear();
        }

        void finish(ImportResult result, String why, String note, boolean resumed, long started)
                throws InterruptedException {
            flush(current);
            awaitAcknowledged();
            List<String> complete = result.types().values().stream().filter(ImportResult.TypeResult::completeSnapshot)
                    .map(ImportResult.TypeResult::objectType).toList();
            // a resumed full import is full even when its second part reports what it read as deltas
            boolean allComplete = full || !result.types().isEmpty() && complete.size() == result.types().size();
            String reason = why != null ? why : result.types().values().stream()
                    .map(t -> t.fullRound().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null))
                    .filter(r -> r != null).findFirst().orElse(null);
            String now = clock.instant().toString();
            List<RecordMapper.Pending> end = new ArrayList<>();
            if (!complete.isEmpty()) {
                end.add(mapper().run(RunRecord.snapshotComplete(tenant.name(), round, complete,
                        complete.stream().map(mapper()::topicOf).toList())));
            }
            end.add(mapper().run(new RunRecord(RunRecord.RUN, tenant.name(), round,
                    Instant.ofEpochMilli(started).toString(), now, allComplete ? "full" : "delta", reason, resumed,
                    "succeeded", result.types(), null, null, null, null, note)));
            end.add(mapper().heartbeat(tenant.name(), round, now));
            for (RecordMapper.Pending p : end) {
                pending.add(p.numbered(seq++));
            }
            SourcePosition watermark = new SourcePosition(SourcePosition.Kind.WATERMARK, result.watermark(), round,
                    allComplete, roundStarted, allComplete ? roundStarted : start.lastFull(), seq);
            flush(watermark);
            position = watermark;
            health.succeeded(clock.millis(), allComplete, reason);
            long records = result.types().values().stream().mapToLong(t -> t.upserted() + t.deleted()).sum();
            if (records > 0 || allComplete) {
                LOG.info("Tenant {}: {} import {} finished, {} records", tenant.name(),
                        allComplete ? "full" : "delta", round, records);
            } else {
                LOG.debug("Tenant {}: quiet delta {} finished", tenant.name(), round);
            }
        }

        void fail(RuntimeException failure, String why, String note, boolean resumed, long started)
                throws InterruptedException {
            flush(current);
            String[] error = RunRecord.error(failure);
            health.failed(clock.millis(), error);
            LOG.warn("Tenant {}: import {} failed: {}: {}", tenant.name(), round, error[0], error[1]);
            pending.add(mapper().run(new RunRecord(RunRecord.RUN, tenant.name(), round,
                    Instant.ofEpochMilli(started).toString(), clock.instant().toString(), full ? "full" : "delta",
                    why != null ? why : start.kind() == SourcePosition.Kind.NONE ? "first_run" : null, resumed,
                    "failed", Map.of(), null, null, error[0], error[1], note)).numbered(seq++));
            flush(current);
            long wait = config.retryBackoffMs();
            if (failure instanceof ThrottledException throttled && throttled.retryAfter().isPresent()) {
                wait = Math.max(wait, throttled.retryAfter().get().toMillis());
            }
            nextDue = clock.millis() + wait;
            boolean operatorMustAct = failure instanceof AuthenticationException
                    || failure instanceof PermissionException || failure instanceof ConfigurationException;
            if (operatorMustAct) {
                close(); // the next attempt signs in again, with whatever the operator fixed
                if (failTaskOnFatal) {
                    awaitAcknowledged();
                    fatal = new IllegalStateException("Tenant " + tenant.name() + ": " + error[0] + ": "
                            + error[1]);
                }
            }
        }
    }
}
