package org.identitymesh.connector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Waits for run records, as an administrator's "runs tab" would show them. */
final class Runs {

    private Runs() {
    }

    /** Every run record of a tenant under a prefix, in the order written. */
    static List<JsonNode> of(EmbeddedKafkaCluster kafka, String prefix, String tenant) {
        return TopicsReader.readAll(kafka, prefix, t -> t.equals(prefix + ".runs")).stream()
                .filter(r -> r.value() != null && tenant.equals(r.tenant()))
                .sorted(java.util.Comparator.comparingLong(TopicsReader.Read::seq))
                .map(TopicsReader.Read::value)
                .filter(v -> "run".equals(v.path("kind").asText()))
                .toList();
    }

    /**
     * Waits until the tenant has a run record that matches.
     *
     * @return the first match
     * @throws AssertionError when none came within the timeout, listing the runs seen
     */
    static JsonNode await(EmbeddedKafkaCluster kafka, String prefix, String tenant, Predicate<JsonNode> wanted,
            long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<JsonNode> runs = List.of();
        while (System.currentTimeMillis() < deadline) {
            runs = of(kafka, prefix, tenant);
            for (JsonNode run : runs) {
                if (wanted.test(run)) {
                    return run;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such run of " + tenant + " within " + timeoutMs + " ms; runs: " + runs);
    }

    /** A run that succeeded and started at or after a time. */
    static Predicate<JsonNode> succeededAfter(java.time.Instant time) {
        return run -> "succeeded".equals(run.path("outcome").asText())
                && !java.time.Instant.parse(run.path("started").asText()).isBefore(time);
    }
}
