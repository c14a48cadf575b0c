package org.identitymesh.connector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Kafka's in-process cluster (one KRaft broker, Connect workers in distributed mode) as the tests here use it:
 * plug-ins found through {@code META-INF/services}, offsets flushed every half second, a departed worker's tasks
 * reassigned after a second, a {@code file} config provider, and optionally exactly-once source support. One per
 * test class: starting it is the slow part, and each start prints how long it took.
 */
final class ConnectTestCluster {

    private ConnectTestCluster() {
    }

    /**
     * Starts a cluster.
     *
     * @param name        for logs
     * @param workers     Connect workers
     * @param exactlyOnce whether the workers enable exactly-once source support
     * @return the running cluster
     */
    static EmbeddedConnectCluster start(String name, int workers, boolean exactlyOnce) {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "500");
        worker.put("scheduled.rebalance.max.delay.ms", "1000");
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        worker.put("task.shutdown.graceful.timeout.ms", "10000");
        if (exactlyOnce) {
            worker.put("exactly.once.source.support", "enabled");
        }
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("auto.create.topics.enable", "false");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(worker)
                .brokerProps(broker)
                .build();
        long t0 = System.nanoTime();
        cluster.start();
        System.out.println("[kafka-connect] cluster " + name + " (" + workers + " workers"
                + (exactlyOnce ? ", exactly-once" : "") + ") started in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        return cluster;
    }
}
