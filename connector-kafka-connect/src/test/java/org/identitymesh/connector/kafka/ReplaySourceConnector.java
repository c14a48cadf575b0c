package org.identitymesh.connector.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * For {@link KafkaConnectBench} only: a source connector with no import behind it, which hands Kafka Connect records
 * prepared beforehand, a page per {@code poll} and, with exactly-once, a transaction per page, as
 * {@link IdentitySourceTask} does. What it reaches is what the worker, its converters, the producer and the broker
 * take from a source that costs nothing, on the same cores; it moves with the JVM's JIT and collector, so the bench
 * compares it only with figures of the same JVM.
 */
public final class ReplaySourceConnector extends SourceConnector {

    /** The pages to hand over and what became of them; one replay at a time. */
    static final class Script {

        private final List<List<SourceRecord>> pages;
        private final long records;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicLong acknowledged = new AtomicLong();
        private final CountDownLatch written = new CountDownLatch(1);
        private volatile long firstPoll;
        private volatile long finished;

        Script(List<List<SourceRecord>> pages) {
            this.pages = List.copyOf(pages);
            this.records = pages.stream().mapToLong(List::size).sum();
        }

        long records() {
            return records;
        }

        long tombstones() {
            return pages.stream().flatMap(List::stream).filter(r -> r.value() == null).count();
        }

        /**
         * Waits until Kafka has every record (with exactly-once: the last transaction is committed).
         *
         * @return seconds from the first poll until then
         */
        double awaitSeconds(long timeoutMs) throws InterruptedException {
            if (!written.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the replay did not finish: " + acknowledged.get() + " of " + records
                        + " records acknowledged");
            }
            return (finished - firstPoll) / 1e9;
        }

        private void done() {
            if (written.getCount() > 0) {
                finished = System.nanoTime();
                written.countDown();
            }
        }
    }

    static volatile Script script;

    /** Created by the worker. */
    public ReplaySourceConnector() {
    }

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ReplayTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(Map.of());
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "bench";
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /** Hands over the script's pages. */
    public static final class ReplayTask extends SourceTask {

        private Script current;
        private volatile boolean transactions;

        /** Created by the worker. */
        public ReplayTask() {
        }

        @Override
        public String version() {
            return "bench";
        }

        @Override
        public void start(Map<String, String> props) {
            current = script;
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            int page = current.next.getAndIncrement();
            if (page >= current.pages.size()) {
                Thread.sleep(100);
                return null;
            }
            if (page == 0) {
                current.firstPoll = System.nanoTime();
            }
            List<SourceRecord> records = current.pages.get(page);
            TransactionContext context = this.context.transactionContext();
            transactions = context != null;
            if (transactions) {
                context.commitTransaction(records.get(records.size() - 1));
            }
            return records;
        }

        @Override
        public void commitRecord(SourceRecord record, RecordMetadata metadata) {
            if (current.acknowledged.incrementAndGet() == current.records && !transactions) {
                current.done();
            }
        }

        @Override
        public void commit() {
            if (transactions && current.acknowledged.get() == current.records) {
                current.done();
            }
        }

        @Override
        public void stop() {
        }
    }
}
