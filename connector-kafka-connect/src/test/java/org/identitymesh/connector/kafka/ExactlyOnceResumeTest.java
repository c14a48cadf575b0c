package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Exactly-once on two workers: the worker running a large full import is stopped midway; the task resumes on the
 * other worker from the checkpoint committed with the last page (not from zero), nothing is lost, the tenant is
 * rebuilt exactly, and a read_committed consumer sees every object of the full round once.
 */
class ExactlyOnceResumeTest {

    private static final ConnectorDescriptor ENTRA = ConnectorProviders.discover().require("EntraId").descriptor();
    private static final int USERS = 2_000;
    private static final int PAGE = 50;

    private static EmbeddedConnectCluster connect;
    private static ConnectTenant tenant;

    @BeforeAll
    static void start() throws Exception {
        tenant = ConnectTenant.start(TenantSpec.builder().users(USERS).groups(40).memberships(2_000).largeGroups(1)
                .largeGroupSize(100).build(), s -> { });
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
}
