package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.identitymesh.connector.testkit.entra.Fault;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two workers with exactly-once source support, one cluster for the class. The worker running a large full import
 * is stopped midway; the task resumes on the other worker from the checkpoint committed with the last page (not
 * from zero), nothing is lost, the tenant is rebuilt exactly, and a read_committed consumer sees every object of the
 * full round once. The many-tenant form spreads 50 simulated tenants over 3 tasks on the two workers and rebuilds
 * each exactly; and an expired delta link, a throttled tenant and a wrong secret leave the other tenants importing
 * while the failing ones report in their run records.
 */
class TwoWorkersExactlyOnceTest {

    private static final ConnectorDescriptor ENTRA = ConnectorProviders.discover().require("EntraId").descriptor();
    private static final int USERS = 2_000;
    private static final int PAGE = 50;

    private static final int TENANTS = 50;

    private static EmbeddedConnectCluster connect;
    private static ConnectTenant tenant;
    private static List<ConnectTenant> many = List.of();

    @BeforeAll
    static void start() throws Exception {
        tenant = ConnectTenant.start(TenantSpec.builder().users(USERS).groups(40).memberships(2_000).largeGroups(1)
                .largeGroupSize(100).build(), s -> { });
        long t0 = System.nanoTime();
        many = IntStream.range(0, TENANTS + 4).parallel().mapToObj(i -> {
            try {
                return ConnectTenant.start(TenantSpec.builder().seed(1_000 + i).users(12).groups(3).memberships(20)
                        .largeGroups(0).build(), s -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
        System.out.println("[kafka-connect] " + many.size() + " simulated tenants started in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        connect = ConnectTestCluster.start("eos", 2, true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connect != null) {
            connect.stop();
        }
        if (tenant != null) {
            tenant.close();
        }
        for (ConnectTenant t : many) {
            t.close();
        }
    }

    @Test
    void aWorkerStoppedMidImportResumesFromTheCheckpointAndEveryPageIsSeenOnce() throws Exception {
        Map<String, String> config = tenant.connectorConfig("adatum", "eos", "\"PageSize\":" + PAGE);
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "600000");
        tenant.fixture().tenant().faults().latency(Duration.ofMillis(60));
        Instant before = Instant.now();
        connect.configureConnector("adatum", config);

        Optional<Map<String, ?>> checkpoint = Optional.empty();
        long deadline = System.currentTimeMillis() + 60_000;
        while (checkpoint.isEmpty() && System.currentTimeMillis() < deadline) {
            checkpoint = storedOffset("adatum").filter(o -> "checkpoint".equals(o.get("position"))
                    && ((Number) o.get("seq")).longValue() > USERS / 4);
            Thread.sleep(50);
        }
        assertTrue(checkpoint.isPresent(), "a checkpoint was committed while the full import ran");
        String worker = connect.connectorStatus("adatum").tasks().get(0).workerId();
        WorkerHandle running = connect.workers().stream()
                .filter(w -> worker.equals(w.url().getHost() + ":" + w.url().getPort())).findFirst().orElseThrow();
        long requestsBeforeStop = userRequests();
        connect.removeWorker(running);
        tenant.fixture().tenant().faults().latency(Duration.ZERO);

        JsonNode run = Runs.await(connect.kafka(), "eos", "adatum", Runs.succeededAfter(before), 120_000);
        assertTrue(run.path("resumed").asBoolean(), "the import resumed: " + run);
        assertEquals("full", run.path("mode").asText());
        long resumedUserPages = run.path("types").path("User").path("pages").asLong();
        long userPages = (USERS + PAGE - 1) / PAGE;
        assertTrue(resumedUserPages < userPages, "resumed from the checkpoint, not from zero: "
                + resumedUserPages + " of " + userPages + " user pages read again");
        long reRead = userRequests() - userPages;
        System.out.println("[kafka-connect] resumed import: " + resumedUserPages + " of " + userPages
                + " user pages read after the stop (" + requestsBeforeStop + " user requests before it); user pages "
                + "read twice in all: " + reRead);
        assertTrue(reRead < userPages / 2, "most pages were read once: " + reRead + " read twice");

        List<TopicsReader.Read> records = TopicsReader.readAll(connect.kafka(), "eos");
        HostReplica replica = TopicsReplica.rebuild(records, "adatum", ENTRA);
        assertEquals(List.of(), Snapshots.differences(tenant.fixture().expectedSnapshot(false), replica.snapshot()));

        String round = run.path("round").asText();
        Map<String, Integer> seen = new HashMap<>();
        records.stream().filter(r -> r.topic().equals("eos.user") && round.equals(r.round()))
                .forEach(r -> seen.merge(r.key().path("id").asText(), 1, Integer::sum));
        assertEquals(USERS, seen.size(), "every user of the full round was committed");
        assertEquals(List.of(), seen.entrySet().stream().filter(e -> e.getValue() != 1).toList(),
                "no user of the full round was committed twice");
        connect.deleteConnector("adatum");
    }

    private static long userRequests() {
        return tenant.fixture().tenant().journal().count(RequestKind.USERS_DELTA);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, ?>> storedOffset(String connector) {
        try {
            return connect.connectorOffsets(connector).offsets().stream().map(ConnectorOffset::offset).findFirst()
                    .map(o -> (Map<String, ?>) o);
        } catch (RuntimeException e) {
            return Optional.empty(); // not readable yet
        }
    }

    @Test
    void fiftyTenantsOverThreeTasksOnTwoWorkersAreEachRebuiltExactly() throws Exception {
        StringBuilder tenants = new StringBuilder("[");
        for (int i = 0; i < TENANTS; i++) {
            tenants.append(i == 0 ? "" : ",").append(many.get(i).tenantEntry("tenant-" + i, ""));
        }
        Map<String, String> config = ConnectTenant.baseConfig("many");
        config.put(IdentitySourceConfig.TENANTS_JSON, tenants.append("]").toString());
        config.put("tasks.max", "3");
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "600000");
        Instant before = Instant.now();
        connect.configureConnector("many", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("many", 3, "three tasks");
        assertEquals(2, connect.connectorStatus("many").tasks().stream().map(t -> t.workerId()).distinct().count(),
                "the tasks run on both workers");
        long deadline = System.currentTimeMillis() + 120_000;
        List<TopicsReader.Read> records = List.of();
        long done = 0;
        while (done < TENANTS && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            records = TopicsReader.readAll(connect.kafka(), "many");
            done = records.stream().filter(r -> r.topic().equals("many.runs") && r.value() != null
                    && "succeeded".equals(r.value().path("outcome").asText())).map(TopicsReader.Read::tenant)
                    .distinct().count();
        }
        assertEquals(TENANTS, done, "every tenant finished its full import");
        for (int i = 0; i < TENANTS; i++) {
            HostReplica replica = TopicsReplica.rebuild(records, "tenant-" + i, ENTRA);
            assertEquals(List.of(), Snapshots.differences(many.get(i).fixture().expectedSnapshot(false),
                    replica.snapshot()), "tenant-" + i);
        }
        assertTrue(Runs.of(connect.kafka(), "many", "tenant-7").stream().allMatch(Runs.succeededAfter(before)::test));
        connect.deleteConnector("many");
    }

    @Test
    void failingTenantsReportInTheirRunRecordsWhileTheOthersKeepImporting() throws Exception {
        ConnectTenant ok = many.get(TENANTS);
        ConnectTenant expired = many.get(TENANTS + 1);
        ConnectTenant throttled = many.get(TENANTS + 2);
        ConnectTenant wrong = many.get(TENANTS + 3);
        throttled.fixture().tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "1"), 100_000);
        String wrongEntry = wrong.tenantEntry("wrong", "").replaceFirst("\\$\\{file:[^}]*:entra.secret}",
                "not-the-secret");
        Map<String, String> config = ConnectTenant.baseConfig("mixed");
        config.put(IdentitySourceConfig.TENANTS_JSON, "[" + ok.tenantEntry("ok", "") + ","
                + expired.tenantEntry("expired", "") + "," + throttled.tenantEntry("throttled", "\"MaxRetries\":1")
                + "," + wrongEntry + "]");
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "1000");
        Instant before = Instant.now();
        connect.configureConnector("mixed", config);

        JsonNode throttledRun = Runs.await(connect.kafka(), "mixed", "throttled",
                r -> "failed".equals(r.path("outcome").asText()), 60_000);
        assertEquals("ThrottledException", throttledRun.path("errorClass").asText());
        JsonNode wrongRun = Runs.await(connect.kafka(), "mixed", "wrong",
                r -> "failed".equals(r.path("outcome").asText()), 60_000);
        assertEquals("AuthenticationException", wrongRun.path("errorClass").asText());
        Runs.await(connect.kafka(), "mixed", "ok", Runs.succeededAfter(before), 60_000);
        Runs.await(connect.kafka(), "mixed", "expired", Runs.succeededAfter(before), 60_000);

        String user = ok.fixture().tenant().directory().users().findFirst().orElseThrow().id();
        ok.fixture().tenant().directory().updateUser(user, Map.of("jobTitle", "Still Importing"));
        expired.fixture().tenant().expireDeltaTokens();
        Instant changed = Instant.now();
        Runs.await(connect.kafka(), "mixed", "ok", r -> Runs.succeededAfter(changed).test(r)
                && r.path("types").path("User").path("upserted").asLong() > 0, 60_000);
        JsonNode resync = Runs.await(connect.kafka(), "mixed", "expired", r -> Runs.succeededAfter(changed).test(r)
                && "delta_expired".equals(r.path("reason").asText()), 60_000);
        assertEquals("full", resync.path("mode").asText());

        List<TopicsReader.Read> records = TopicsReader.readAll(connect.kafka(), "mixed");
        assertEquals(List.of(), Snapshots.differences(ok.fixture().expectedSnapshot(false),
                TopicsReplica.rebuild(records, "ok", ENTRA).snapshot()));
        assertEquals(List.of(), Snapshots.differences(expired.fixture().expectedSnapshot(false),
                TopicsReplica.rebuild(records, "expired", ENTRA).snapshot()));
        assertTrue(Runs.of(connect.kafka(), "mixed", "throttled").stream()
                .noneMatch(r -> "succeeded".equals(r.path("outcome").asText())));
        assertFalse(records.stream().anyMatch(r -> r.value() != null && r.value().toString().contains("not-the-secret")));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mixed", 1,
                "one tenant's failure does not fail the task of the others");
        // what the task status cannot show, its metrics do, per tenant (JMX, as any reporter of the worker sees them)
        Map<String, Object> wrongMetrics = TenantMetrics.of("mixed", "wrong");
        assertEquals("failed", wrongMetrics.get("last-outcome"), wrongMetrics.toString());
        assertTrue(wrongMetrics.get("last-error").toString().startsWith("AuthenticationException: "),
                wrongMetrics.toString());
        assertTrue((Integer) wrongMetrics.get("consecutive-failures") >= 1, wrongMetrics.toString());
        assertEquals(0L, wrongMetrics.get("last-success-time-ms"), wrongMetrics.toString());
        assertTrue((Long) wrongMetrics.get("last-failure-time-ms") >= before.toEpochMilli(), wrongMetrics.toString());
        assertFalse(wrongMetrics.toString().contains("not-the-secret"), wrongMetrics.toString());
        Map<String, Object> throttledMetrics = TenantMetrics.of("mixed", "throttled");
        assertEquals("failed", throttledMetrics.get("last-outcome"), throttledMetrics.toString());
        assertTrue(throttledMetrics.get("last-error").toString().startsWith("ThrottledException: "),
                throttledMetrics.toString());
        Map<String, Object> okMetrics = TenantMetrics.await("mixed", "ok",
                m -> (Long) m.get("last-success-time-ms") >= changed.toEpochMilli(), 10_000);
        assertEquals("succeeded", okMetrics.get("last-outcome"), okMetrics.toString());
        assertEquals(0, okMetrics.get("consecutive-failures"), okMetrics.toString());
        assertTrue((Long) okMetrics.get("last-success-time-ms") >= changed.toEpochMilli(), okMetrics.toString());
        assertEquals("first_run", okMetrics.get("last-full-reason"), okMetrics.toString());
        Map<String, Object> expiredMetrics = TenantMetrics.await("mixed", "expired",
                m -> "delta_expired".equals(m.get("last-full-reason")), 10_000);
        assertEquals("delta_expired", expiredMetrics.get("last-full-reason"), expiredMetrics.toString());
        assertEquals(0, expiredMetrics.get("offsets-refused"), "an expired delta link is Graph's, not a refused "
                + "offset: " + expiredMetrics);
        connect.deleteConnector("mixed");
        // the task's metrics go with it
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName mixed = new javax.management.ObjectName(
                "kafka.connect:type=plugins,connector=mixed,*");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!server.queryNames(mixed, null).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(java.util.Set.of(), server.queryNames(mixed, null), "metrics of a deleted connector's task");
    }
}
