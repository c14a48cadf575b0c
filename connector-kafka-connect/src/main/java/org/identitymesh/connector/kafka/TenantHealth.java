package org.identitymesh.connector.kafka;

import java.util.LinkedHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * How a tenant's imports have gone lately, as the task's metrics show it: in the many-tenant form a failing tenant
 * cannot fail its task (the others would stop), and a refused offset leaves any task running, so these metrics,
 * beside the run records, are where an operator's monitoring sees them. Registered through Connect's plugin metrics
 * (KIP-877), so they reach every metrics reporter of the worker (JMX by default) with the connector, the task and a
 * {@code tenant} tag. Written by the tenant's import thread, read by reporters: thread-safe.
 */
final class TenantHealth {

    private volatile String lastOutcome = "none";
    private volatile String lastError = "";
    private volatile int consecutiveFailures;
    private volatile long lastSuccessMs;
    private volatile long lastFailureMs;
    private volatile String lastFullReason = "";
    private volatile int offsetsRefused;

    /**
     * A round succeeded.
     *
     * @param finishedMs when
     * @param full       whether the round was a full one
     * @param reason     its run record's reason ({@code first_run}, {@code offset_rejected}, ...), null if none
     */
    void succeeded(long finishedMs, boolean full, String reason) {
        lastOutcome = "succeeded";
        consecutiveFailures = 0;
        lastSuccessMs = finishedMs;
        if (full) {
            lastFullReason = reason == null ? "" : reason;
        }
    }

    /**
     * The stored offset could not be read or the connector refused it (foreign, corrupt): a full import replaces it.
     * An expired delta link is not one: the connector itself runs that full round ({@code delta_expired}).
     */
    void offsetRefused() {
        offsetsRefused++;
    }

    /**
     * A round failed.
     *
     * @param finishedMs when
     * @param error      the error's class and message, as the run record has them (never a secret)
     */
    void failed(long finishedMs, String[] error) {
        lastOutcome = "failed";
        lastError = error[0] + ": " + error[1];
        consecutiveFailures++;
        lastFailureMs = finishedMs;
    }

    /**
     * Adds this tenant's metrics.
     *
     * @param metrics the task's plugin metrics
     * @param tenant  the tenant's name, the metrics' {@code tenant} tag
     */
    void register(PluginMetrics metrics, String tenant) {
        add(metrics, tenant, "last-outcome", "succeeded, failed, or none before the first round ends",
                (Gauge<String>) (config, now) -> lastOutcome);
        add(metrics, tenant, "last-error", "the class and message of the last failed round's error, empty if none",
                (Gauge<String>) (config, now) -> lastError);
        add(metrics, tenant, "consecutive-failures", "rounds failed in a row since the last success",
                (Gauge<Integer>) (config, now) -> consecutiveFailures);
        add(metrics, tenant, "last-success-time-ms", "when the last successful round ended, epoch ms; 0 if none",
                (Gauge<Long>) (config, now) -> lastSuccessMs);
        add(metrics, tenant, "last-failure-time-ms", "when the last failed round ended, epoch ms; 0 if none",
                (Gauge<Long>) (config, now) -> lastFailureMs);
        add(metrics, tenant, "last-full-reason", "why the last successful full round ran, as its run record says; "
                + "empty if none yet or its run record gives none (a resumed import)",
                (Gauge<String>) (config, now) -> lastFullReason);
        add(metrics, tenant, "offsets-refused", "stored offsets refused since the task started, each replaced by a "
                + "full import", (Gauge<Integer>) (config, now) -> offsetsRefused);
    }

    private static void add(PluginMetrics metrics, String tenant, String name, String description, Gauge<?> gauge) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("tenant", tenant);
        MetricName metric = metrics.metricName(name, description, tags);
        metrics.addMetric(metric, gauge);
    }
}
