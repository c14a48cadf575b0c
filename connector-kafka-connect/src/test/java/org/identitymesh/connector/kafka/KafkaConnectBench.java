package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.source.SourceRecord;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.testkit.entra.EntraTenantProcess;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A bench, not a timed test: it runs only with {@code -Dbench=true} and asserts that everything arrived, never how
 * fast. In one run it measures a bare SPI import of a tenant into a counting sink, the same full import through
 * Kafka Connect with exactly-once (records per second between the run record's start and finish, which include
 * waiting for Kafka to acknowledge the last page), each after the same number of unmeasured warm-up imports
 * ({@code bench.warmups}, default 1), and the time from a change in the tenant to its record being readable by a
 * read_committed consumer at a 5 s delta interval.
 *
 * <pre>
 * mvn -B -pl connector-kafka-connect -am verify -Dtest=KafkaConnectBench -Dbench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dbench.users=20000 [-Dbench.eos=false] \
 *     [-Dbench.latencyMs=50] [-Dbench.warmups=1] [-Dbench.runs=3] [-Dbench.tenants=100]
 * </pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class KafkaConnectBench {

    @Test
    void bench() throws Exception {
        int users = Integer.getInteger("bench.users", 20_000);
        int changes = Integer.getInteger("bench.changes", 5);
        TenantSpec spec = TenantSpec.builder().users(users).groups(users / 40).memberships(users * 2)
                .largeGroups(1).largeGroupSize(users / 10).build();
        int latencyMs = Integer.getInteger("bench.latencyMs", 0);
        int warmups = Integer.getInteger("bench.warmups", 1);
        int runs = Math.max(1, Integer.getInteger("bench.runs", 3));
        boolean exactlyOnce = !"false".equals(System.getProperty("bench.eos"));
        try (ConnectTenant tenant = ConnectTenant.start(spec, s -> { })) {
            // Graph answers a page in tens to hundreds of milliseconds; 0 measures CPU alone
            tenant.fixture().tenant().faults().latency(Duration.ofMillis(latencyMs));
            // the bare SPI import: W warm-ups, then R measured
            long bareRecords = 0;
            List<Double> bare = new ArrayList<>();
            for (int i = 0; i < warmups + runs; i++) {
                AtomicLong count = new AtomicLong();
                try (Connector connector = tenant.fixture().connector("\"PageSize\":999")) {
                    long t0 = System.nanoTime();
                    ImportResult result = connector.importChanges(ImportRequest.full(), r -> count.incrementAndGet());
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    bareRecords = count.get();
                    assertEquals(users, result.type("User").orElseThrow().upserted());
                    if (i >= warmups) {
                        bare.add(bareRecords / seconds);
                    }
                }
            }
            EmbeddedConnectCluster connect = ConnectTestCluster.start("bench", 1, exactlyOnce);
            try {
                // like the bare import, W imports through Connect that are not measured, so that both are measured
                // with compiled code (the first import through a new worker spends a third of its CPU in the JIT);
                // each under a connector of its own, deleted afterwards but for the last, which the latency needs
                List<Double> kafka = new ArrayList<>();
                for (int i = 0; i < warmups + runs; i++) {
                    boolean last = i == warmups + runs - 1;
                    String name = last ? "bench" : "import" + i;
                    JsonNode run = fullImport(connect, tenant, name, exactlyOnce);
                    long kafkaRecords = 0;
                    for (JsonNode type : run.path("types")) {
                        kafkaRecords += type.path("upserted").asLong() + type.path("deleted").asLong();
                    }
                    assertEquals(bareRecords, kafkaRecords, "the same import");
                    double seconds = Duration.between(Instant.parse(run.path("started").asText()),
                            Instant.parse(run.path("finished").asText())).toMillis() / 1e3;
                    if (i >= warmups) {
                        kafka.add(kafkaRecords / seconds);
                    }
                    if (!last) {
                        connect.deleteConnector(name);
                    }
                }
                List<Long> latencies = latencies(connect, tenant, changes);
                // the same records as the adapter makes them, for a source with no import behind it; captured only
                // now, so that the measured imports did not share the heap with them
                long replayRecords = 0;
                List<Double> replayed = new ArrayList<>();
                for (int i = 0; i < warmups + runs; i++) {
                    ReplaySourceConnector.Script replay = captured(tenant);
                    assertEquals(bareRecords, replay.records() - replay.tombstones(), "the same records");
                    replayRecords = replay.records();
                    double seconds = replay(connect, replay, "replay" + i, exactlyOnce);
                    if (i >= warmups) {
                        replayed.add(replayRecords / seconds);
                    }
                }
                double bareMedian = median(bare);
                double kafkaMedian = median(kafka);
                double freeBest = Collections.max(replayed);
                System.out.printf("[bench] tenant: %d users, %d groups, %d memberships; %d records; %d ms per Graph "
                        + "request; %d warm-ups and %d measured runs per path%n", users, spec.groups(),
                        spec.memberships(), bareRecords, latencyMs, warmups, runs);
                System.out.printf("[bench] bare SPI import into a counting sink: median %.0f records/s %s%n",
                        bareMedian, eachRun(bare));
                System.out.printf("[bench] Kafka Connect, %s: median %.0f records/s %s (%.2fx the bare median)%n",
                        exactlyOnce ? "exactly-once, transaction per page" : "at least once", kafkaMedian,
                        eachRun(kafka), kafkaMedian / bareMedian);
                System.out.printf("[bench] Kafka Connect fed by a source with no import (the same %d records made "
                        + "beforehand, a page per poll): best %.0f records/s %s (%.2fx the bare median); the "
                        + "adapter's median reached %.2fx of that best%n", replayRecords, freeBest, eachRun(replayed),
                        freeBest / bareMedian, kafkaMedian / freeBest);
                Collections.sort(latencies);
                System.out.printf("[bench] change to readable record at a 5 s delta interval, %d changes: min %d ms, "
                        + "median %d ms, max %d ms%n", latencies.size(), latencies.get(0),
                        latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
            } finally {
                connect.stop();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The measured rates in the order taken, for the reader to see the spread. */
    private static String eachRun(List<Double> values) {
        StringBuilder text = new StringBuilder("(runs:");
        for (double v : values) {
            text.append(' ').append(Math.round(v));
        }
        return text.append(')').toString();
    }

    /**
     * The records the adapter makes of a full import of the tenant (schemaless, as the bench's connector), a page
     * each between two checkpoints, with the offsets it would give them; held in memory, for the replay only.
     */
    private static ReplaySourceConnector.Script captured(ConnectTenant tenant) {
        Map<String, String> props = tenant.connectorConfig("bench", "replay", "\"PageSize\":999");
        IdentitySourceConfig config = new IdentitySourceConfig(props);
        RecordMapper mapper = new RecordMapper(config, ConfigValidation.requireProvider(config).descriptor());
        Map<String, String> partition = SourcePosition.partition("bench");
        List<List<SourceRecord>> pages = new ArrayList<>();
        List<RecordMapper.Pending> pending = new ArrayList<>();
        String round = java.util.UUID.randomUUID().toString();
        long[] seq = {0};
        SourcePosition[] at = {SourcePosition.NONE};
        ChangeSink sink = new ChangeSink() {
            @Override
            public void accept(ChangeRecord record) {
                for (RecordMapper.Pending p : mapper.change("bench", record, round, true)) {
                    pending.add(p.numbered(seq[0]++));
                }
            }

            @Override
            public void checkpoint(String checkpoint) {
                SourcePosition next = new SourcePosition(SourcePosition.Kind.CHECKPOINT, checkpoint, round, true, 0,
                        0, seq[0]);
                if (!pending.isEmpty()) {
                    List<SourceRecord> page = new ArrayList<>();
                    for (int i = 0; i < pending.size(); i++) {
                        page.add(pending.get(i).at(partition, (i == pending.size() - 1 ? next : at[0]).toOffset()));
                    }
                    pages.add(page);
                    pending.clear();
                }
                at[0] = next;
            }
        };
        try (Connector connector = tenant.fixture().connector("\"PageSize\":999")) {
            ImportResult result = connector.importChanges(ImportRequest.full(), sink);
            sink.checkpoint(result.watermark()); // the round's end: the last records carry the watermark
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new ReplaySourceConnector.Script(pages);
    }

    /** Replays a script through a connector of its own and waits until Kafka has all of it. */
    private static double replay(EmbeddedConnectCluster connect, ReplaySourceConnector.Script script, String name,
            boolean exactlyOnce) throws InterruptedException {
        ReplaySourceConnector.script = script;
        Map<String, String> config = ConnectTenant.baseConfig("replay");
        config.put("connector.class", ReplaySourceConnector.class.getName());
        if (exactlyOnce) {
            config.put("exactly.once.support", "required");
            config.put("transaction.boundary", "connector");
        }
        connect.configureConnector(name, config);
        double seconds = script.awaitSeconds(600_000);
        connect.deleteConnector(name);
        return seconds;
    }

    /** Starts a connector of its own name and topic prefix and waits for its first full import to succeed. */
    private static JsonNode fullImport(EmbeddedConnectCluster connect, ConnectTenant tenant, String name,
            boolean exactlyOnce) throws InterruptedException {
        Map<String, String> config = tenant.connectorConfig("bench", name, "\"PageSize\":999");
        if (exactlyOnce) {
            config.put("exactly.once.support", "required");
            config.put("transaction.boundary", "connector");
        }
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "5000");
        config.put(IdentitySourceConfig.TENANT_THREADS, "1");
        Instant before = Instant.now();
        connect.configureConnector(name, config);
        return Runs.await(connect.kafka(), name, "bench", Runs.succeededAfter(before), 600_000);
    }

    /**
     * One worker running the imports of 100 small tenants in the many-tenant form (one task, its default threads):
     * heap after full collections and threads, against the same JVM before the connector was configured (the
     * broker and the worker live in this JVM too and are in both figures). The simulated tenants are served by one
     * server in a JVM of its own ({@link EntraTenantProcess}), so that what they keep of the imports is not counted.
     */
    @Test
    void hundredTenantsOnOneWorker() throws Exception {
        int count = Integer.getInteger("bench.tenants", 100);
        Path secrets = Files.createTempFile("entra-secrets", ".properties");
        try (EntraTenantProcess served = EntraTenantProcess.start("1g", List.of("--tenants", "" + count, "--users",
                "20", "--groups", "5", "--memberships", "40"))) {
            assertEquals(true, served.started(), "the simulated tenants came up");
            StringBuilder secretLines = new StringBuilder("trust.password=" + served.info("trustStorePassword")
                    + "\n");
            StringBuilder entries = new StringBuilder("[");
            for (int i = 0; i < count; i++) {
                String prefix = count == 1 ? "" : "tenant." + i + ".";
                secretLines.append("tenant.").append(i).append(".secret=")
                        .append(served.info(prefix + "clientSecret")).append('\n');
                entries.append(i == 0 ? "" : ",").append(tenantEntry(served, prefix, i, secrets));
            }
            Files.writeString(secrets, secretLines);
            EmbeddedConnectCluster connect = ConnectTestCluster.start("hundred", 1, false);
            java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
            try {
                long heapBefore = usedHeapAfterGc(memory);
                Map<String, Integer> threadsBefore = threadsByKind();
                Map<String, String> config = ConnectTenant.baseConfig("hundred");
                config.put(IdentitySourceConfig.TENANTS_JSON, entries.append("]").toString());
                config.put(IdentitySourceConfig.DELTA_INTERVAL, "5000");
                Instant before = Instant.now();
                connect.configureConnector("hundred", config);
                long deadline = System.currentTimeMillis() + 600_000;
                long rounds = 0;
                while (rounds < 2L * count && System.currentTimeMillis() < deadline) {
                    Thread.sleep(1_000);
                    rounds = TopicsReader.readAll(connect.kafka(), "hundred").stream()
                            .filter(r -> r.topic().equals("hundred.runs") && r.value() != null
                                    && "succeeded".equals(r.value().path("outcome").asText())
                                    && Instant.parse(r.value().path("started").asText()).isAfter(before))
                            .count();
                }
                assertEquals(true, rounds >= 2L * count, "every tenant imported twice: " + rounds + " rounds");
                long heapAfter = usedHeapAfterGc(memory);
                Map<String, Integer> threadsAfter = threadsByKind();
                System.out.printf("[bench] %d tenants on one worker, one task: heap %+.1f MiB after a full import and "
                        + "a delta each (%.1f KiB per tenant); threads before %s, after %s%n", count,
                        (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1024.0 / count,
                        threadsBefore, threadsAfter);
            } finally {
                connect.stop();
            }
        } finally {
            Files.deleteIfExists(secrets);
        }
    }

    /** One tenant of the simulated server in the many-tenant form's JSON array, its secrets from the file. */
    private static String tenantEntry(EntraTenantProcess served, String prefix, int i, Path secrets) {
        String config = "{\"TenantId\":\"" + served.info(prefix + "tenantId") + "\",\"Cloud\":\"Custom\","
                + "\"GraphEndpoint\":\"" + served.info("graphEndpoint") + "\",\"AuthorityHost\":\""
                + served.info("authorityHost") + "\",\"TrustStorePath\":" + json(served.info("trustStore"))
                + ",\"TrustStorePassword\":\"connect:TRUST_PW\"}";
        String auth = "{\"Mode\":\"ClientSecret\",\"ClientId\":\"" + served.info(prefix + "clientId")
                + "\",\"ClientSecret\":\"connect:ENTRA_SECRET\"}";
        String secretRefs = "{\"ENTRA_SECRET\":\"${file:" + secrets + ":tenant." + i + ".secret}\",\"TRUST_PW\":"
                + "\"${file:" + secrets + ":trust.password}\"}";
        return "{\"tenant\":\"tenant-" + i + "\",\"config\":" + config + ",\"auth\":" + auth + ",\"secrets\":"
                + secretRefs + "}";
    }

    private static String json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedHeapAfterGc(java.lang.management.MemoryMXBean memory) throws InterruptedException {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(200);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 256 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Live threads grouped by the first word of their names, with digits removed. */
    private static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().replaceAll("[0-9]+", "#");
            String kind;
            if (name.startsWith("identitymesh-")) {
                kind = "import";
            } else if (name.startsWith("entra-")) {
                kind = name.startsWith("entra-fetch") ? "entra-fetch" : "entra-http";
            } else if (name.startsWith("azure-sdk")) {
                kind = "azure-sdk-global";
            } else if (name.startsWith("OkHttp")) {
                kind = "OkHttp";
            } else if (name.startsWith("task-thread-") || name.startsWith("kafka-producer-network-thread")) {
                kind = "connect task and producer";
            } else {
                kind = "broker, worker, JVM";
            }
            kinds.merge(kind, 1, Integer::sum);
        }
        return kinds;
    }

    /** Changes one user at a time and waits until a read_committed consumer reads the change. */
    private static List<Long> latencies(EmbeddedConnectCluster connect, ConnectTenant tenant, int changes)
            throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor("bench.user").stream()
                    .map(p -> new TopicPartition("bench.user", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            String id = tenant.fixture().tenant().directory().users().findFirst().orElseThrow().id();
            for (int i = 0; i < changes; i++) {
                String title = "bench-" + i + "-" + System.nanoTime();
                long t0 = System.nanoTime();
                tenant.fixture().tenant().directory().updateUser(id, Map.of("jobTitle", title));
                boolean seen = false;
                while (!seen) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        if (r.value() != null && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                                .contains(title)) {
                            seen = true;
                        }
                    }
                    if (System.nanoTime() - t0 > 60_000_000_000L) {
                        throw new AssertionError("change " + i + " not readable within 60 s");
                    }
                }
                latencies.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(1_000 + (i * 777L) % 3_000); // spread the changes over the delta interval
            }
        }
        return latencies;
    }
}
