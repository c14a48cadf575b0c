package org.identitymesh.connector.kafka;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConnectorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the imports of the tenants assigned to it on a bounded number of threads ({@code tenant.threads}) and hands
 * their records to the worker from a bounded queue of page batches. The engine's lifecycle (start, poll, commit,
 * stop) is here; each tenant's own loop is in {@link TenantRunner}.
 *
 * <p>{@link #poll()} returns whole batches only and, when the connector defines transaction boundaries, asks for a
 * commit after each: one transaction per page with its checkpoint, and one for a round's end with its watermark.
 */
public final class IdentitySourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(IdentitySourceTask.class);
    private static final int MAX_BATCHES_PER_POLL = 64;

    private final Cancellation cancellation = Cancellation.create();
    private final Map<String, TenantRunner> runners = new HashMap<>();
    private final DelayQueue<TenantRunner> due = new DelayQueue<>();
    private BlockingQueue<TenantRunner.Batch> queue;
    private ExecutorService threads;
    private volatile boolean stopping;

    /** Created by the worker. */
    public IdentitySourceTask() {
    }

    @Override
    public String version() {
        return Versions.of(IdentitySourceTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        IdentitySourceConfig config = new IdentitySourceConfig(props);
        List<Tenant> tenants = ConfigValidation.requireTenants(config, props.get("name"));
        ConnectorProvider provider = ConfigValidation.requireProvider(config);
        Set<String> assigned = new HashSet<>(Arrays.asList(
                props.getOrDefault(IdentitySourceConfig.TASK_TENANTS, "").split(",")));
        List<Tenant> mine = tenants.stream().filter(t -> assigned.contains(t.name())).toList();
        // the one-tenant form fails its task on what only an operator can fix; the many-tenant form never does
        boolean oneTenant = mine.size() == 1 && mine.get(0).field().isEmpty();
        queue = new ArrayBlockingQueue<>(config.bufferedPages());
        List<Map<String, String>> partitions = mine.stream().map(t -> SourcePosition.partition(t.name())).toList();
        Map<Map<String, String>, Map<String, Object>> offsets = context.offsetStorageReader().offsets(partitions);
        for (Tenant tenant : mine) {
            SourcePosition stored = SourcePosition.fromOffset(offsets.get(SourcePosition.partition(tenant.name())));
            TenantRunner runner = new TenantRunner(tenant, provider, config, stored, queue, cancellation,
                    Clock.systemUTC(), oneTenant);
            runners.put(tenant.name(), runner);
            runner.health().register(context.pluginMetrics(), tenant.name());
            due.add(runner);
            LOG.info("Tenant {}: starting from {}", tenant.name(), stored);
        }
        int count = Math.min(config.tenantThreads(), Math.max(1, mine.size()));
        AtomicInteger numbers = new AtomicInteger();
        String label = props.getOrDefault("name", "identitymesh");
        threads = Executors.newFixedThreadPool(count, r -> {
            Thread thread = new Thread(r, "identitymesh-" + label + "-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < count; i++) {
            threads.execute(this::runTenants);
        }
    }

    /** One import thread: takes the next tenant that is due, runs one round, puts it back. */
    private void runTenants() {
        while (!stopping) {
            TenantRunner runner;
            try {
                runner = due.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (runner == null) {
                continue;
            }
            try {
                runner.runRound();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // a defect, never a tenant's failure (those become run records): keep the other tenants going
                LOG.error("Tenant {}: the round failed unexpectedly", runner.name(), e);
                runner.backOff();
            }
            if (!stopping) {
                due.add(runner);
            }
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        for (TenantRunner runner : runners.values()) {
            RuntimeException fatal = runner.fatal();
            if (fatal != null) {
                throw new ConnectException(fatal.getMessage());
            }
        }
        TenantRunner.Batch first = queue.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<TenantRunner.Batch> batches = new ArrayList<>();
        batches.add(first);
        queue.drainTo(batches, MAX_BATCHES_PER_POLL - 1);
        TransactionContext transactions = context.transactionContext();
        List<SourceRecord> records = new ArrayList<>();
        for (TenantRunner.Batch batch : batches) {
            records.addAll(batch.records());
            batch.runner().polled(batch.records().size());
            if (transactions != null) {
                transactions.commitTransaction(batch.records().get(batch.records().size() - 1));
            }
        }
        return records;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Object tenant = record.sourcePartition() == null ? null : record.sourcePartition().get("tenant");
        TenantRunner runner = tenant == null ? null : runners.get(tenant.toString());
        if (runner != null) {
            runner.acknowledged();
        }
    }

    @Override
    public void commit() {
        runners.values().forEach(TenantRunner::committed);
    }

    @Override
    public void stop() {
        stopping = true;
        cancellation.cancel();
        if (threads != null) {
            threads.shutdownNow();
            try {
                if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Import threads did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runners.values().forEach(TenantRunner::close);
    }
}
