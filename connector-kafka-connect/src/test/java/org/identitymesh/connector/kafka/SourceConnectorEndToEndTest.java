package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EntraId connector run by Kafka Connect against a simulated tenant, at least once (no exactly-once here): a
 * consumer that applies the topics rebuilds the tenant exactly after the full import and after a delta with every
 * kind of change; a quiet delta stores its watermark through the heartbeat; an offset the connector refuses turns
 * into a reported full import, not a crash loop. One cluster for the class.
 */
class SourceConnectorEndToEndTest {

    private static final ConnectorDescriptor ENTRA = ConnectorProviders.discover().require("EntraId").descriptor();

    private static EmbeddedConnectCluster connect;
    private static ConnectTenant tenant;

    @BeforeAll
    static void start() throws Exception {
        tenant = ConnectTenant.start(TenantSpec.builder().users(150).groups(15).memberships(300).largeGroups(1)
                .largeGroupSize(40).build(), s -> { });
        connect = ConnectTestCluster.start("e2e", 1, false);
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

    private static List<String> differences(String prefix, String name) {
        HostReplica replica = TopicsReplica.rebuild(TopicsReader.readAll(connect.kafka(), prefix), name, ENTRA);
        return Snapshots.differences(tenant.fixture().expectedSnapshot(false), replica.snapshot());
    }

    @Test
    void aFullImportThenADeltaRebuildTheTenantExactly() throws Exception {
        Instant before = Instant.now();
        connect.configureConnector("contoso", tenant.connectorConfig("contoso", "e2e", "\"PageSize\":40"));
        JsonNode first = Runs.await(connect.kafka(), "e2e", "contoso", Runs.succeededAfter(before), 60_000);
        assertEquals("full", first.path("mode").asText());
        assertEquals("first_run", first.path("reason").asText());
        assertEquals(150, first.path("types").path("User").path("upserted").asLong());
        assertEquals(List.of(), differences("e2e", "contoso"), "after the full import");

        EntraDirectory directory = tenant.fixture().tenant().directory();
        List<String> users = directory.users().map(u -> u.id()).toList();
        List<String> groups = directory.groups().map(g -> g.id()).toList();
        Map<String, Object> added = new LinkedHashMap<>();
        added.put("displayName", "Added In Kafka");
        added.put("userPrincipalName", "added.kafka@contoso.example");
        added.put("accountEnabled", true);
        String newUser = directory.addUser(added);
        directory.updateUser(users.get(0), Map.of("jobTitle", "Chief Streamer"));
        directory.clearUserProperty(users.get(1), "jobTitle");
        directory.deleteUser(users.get(2), Deletion.HARD);
        directory.addMember(groups.get(0), newUser, MemberType.USER);
        MemberRef leaving = directory.members(groups.get(1)).get(0);
        directory.removeMember(groups.get(1), leaving);
        directory.deleteGroup(groups.get(2), Deletion.HARD);
        Instant mutated = Instant.now();

        JsonNode delta = Runs.await(connect.kafka(), "e2e", "contoso", run -> Runs.succeededAfter(mutated).test(run)
                && run.path("types").path("User").path("upserted").asLong() > 0, 60_000);
        assertEquals("delta", delta.path("mode").asText());
        assertEquals(List.of(), differences("e2e", "contoso"), "after the delta");

        // a quiet delta: no change, yet its new watermark is stored, carried by the round's heartbeat
        Instant quietAfter = Instant.now();
        JsonNode quiet = Runs.await(connect.kafka(), "e2e", "contoso", Runs.succeededAfter(quietAfter), 30_000);
        assertEquals(0, quiet.path("types").path("User").path("upserted").asLong());
        String quietRound = quiet.path("round").asText();
        assertTrue(TopicsReader.readAll(connect.kafka(), "e2e", t -> t.endsWith(".heartbeat")).stream()
                .anyMatch(r -> quietRound.equals(r.round())), "the quiet round wrote its heartbeat");
        long deadline = System.currentTimeMillis() + 20_000;
        boolean stored = false;
        while (!stored && System.currentTimeMillis() < deadline) {
            stored = storedRounds("contoso").stream().anyMatch(r -> r.equals(quietRound)
                    || laterRun("e2e", "contoso", quietRound, r));
            Thread.sleep(250);
        }
        assertTrue(stored, "the committed offset moved to the quiet round or later");
        connect.deleteConnector("contoso");
    }

    private static List<String> storedRounds(String connector) {
        return connect.connectorOffsets(connector).offsets().stream().map(ConnectorOffset::offset)
                .filter(o -> "watermark".equals(o.get("position"))).map(o -> String.valueOf(o.get("round"))).toList();
    }

    private static boolean laterRun(String prefix, String name, String round, String candidate) {
        List<JsonNode> runs = Runs.of(connect.kafka(), prefix, name);
        int at = -1;
        int found = -1;
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).path("round").asText().equals(round)) {
                at = i;
            }
            if (runs.get(i).path("round").asText().equals(candidate)) {
                found = i;
            }
        }
        return at >= 0 && found > at;
    }

    @Test
    void withSchemasTheRecordsCarryTheDescriptorsTypesAndRebuildTheTenant() throws Exception {
        Map<String, String> config = tenant.connectorConfig("fabrikam", "schemas", "\"PageSize\":60");
        config.put(IdentitySourceConfig.VALUE_FORMAT, "schema");
        config.put("value.converter.schemas.enable", "true");
        config.put("key.converter.schemas.enable", "true");
        Instant before = Instant.now();
        connect.configureConnector("fabrikam", config);
        Runs.await(connect.kafka(), "schemas", "fabrikam", Runs.succeededAfter(before), 60_000);
        assertEquals(List.of(), differences("schemas", "fabrikam"));
        connect.deleteConnector("fabrikam");
    }

    @Test
    void anOffsetTheConnectorRefusesLeadsToAReportedFullImport() throws Exception {
        Map<String, String> config = tenant.connectorConfig("northwind", "refused", "");
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "600000");
        Instant before = Instant.now();
        connect.configureConnector("northwind", config);
        Runs.await(connect.kafka(), "refused", "northwind", Runs.succeededAfter(before), 60_000);
        connect.stopConnector("northwind");
        connect.assertions().assertConnectorIsStopped("northwind", "the connector stopped");
        Map<String, Object> foreign = new LinkedHashMap<>();
        foreign.put("position", "watermark");
        foreign.put("value", "not-a-watermark-of-this-connector");
        foreign.put("round", "edited");
        connect.alterSourceConnectorOffset("northwind", SourcePosition.partition("northwind"), foreign);
        Instant edited = Instant.now();
        connect.resumeConnector("northwind");
        JsonNode run = Runs.await(connect.kafka(), "refused", "northwind", Runs.succeededAfter(edited), 60_000);
        assertEquals("full", run.path("mode").asText());
        assertEquals("offset_rejected", run.path("reason").asText());
        assertFalse(run.path("note").asText().contains("not-a-watermark"), "the offset is not quoted");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("northwind", 1, "still running");
        // the task's status stays RUNNING, which says nothing of the refusal: the tenant's metrics do
        Map<String, Object> metrics = TenantMetrics.await("northwind", "northwind",
                m -> "offset_rejected".equals(m.get("last-full-reason")), 10_000);
        assertEquals(1, metrics.get("offsets-refused"), metrics.toString());
        assertEquals("offset_rejected", metrics.get("last-full-reason"), metrics.toString());
        assertEquals("succeeded", metrics.get("last-outcome"), metrics.toString());
        connect.deleteConnector("northwind");
    }

    @Test
    void theWorkersValidationNamesEachBadField() {
        Map<String, String> config = tenant.connectorConfig("bad", "bad", "\"PageSize\":\"lots\"");
        config.put(IdentitySourceConfig.AUTH_JSON, tenant.authJson().replace("\"Mode\"", "\"Mood\""));
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "10");
        config.put(IdentitySourceConfig.TOPIC_PREFIX, "no spaces please");
        config.put("name", "bad");
        ConfigInfos infos = connect.validateConnectorConfig(IdentitySourceConnector.class.getSimpleName(), config);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ConfigInfo info : infos.configs()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        assertTrue(errors.get(IdentitySourceConfig.DELTA_INTERVAL) != null, errors.toString());
        assertTrue(errors.get(IdentitySourceConfig.TOPIC_PREFIX) != null, errors.toString());
        assertEquals(Set.of(IdentitySourceConfig.DELTA_INTERVAL, IdentitySourceConfig.TOPIC_PREFIX),
                errors.keySet(), "the ConfigDef's own problems first: " + errors);

        config.put(IdentitySourceConfig.DELTA_INTERVAL, "60000");
        config.put(IdentitySourceConfig.TOPIC_PREFIX, "bad");
        infos = connect.validateConnectorConfig(IdentitySourceConnector.class.getSimpleName(), config);
        errors.clear();
        for (ConfigInfo info : infos.configs()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        assertEquals(Set.of(IdentitySourceConfig.CONFIG_JSON, IdentitySourceConfig.AUTH_JSON), errors.keySet(),
                errors.toString());
        assertTrue(String.join(" ", errors.get(IdentitySourceConfig.CONFIG_JSON)).contains("ConfigJson.PageSize"),
                errors.toString());
        assertTrue(String.join(" ", errors.get(IdentitySourceConfig.AUTH_JSON)).contains("AuthJson.Mood"),
                errors.toString());
        assertFalse(errors.toString().contains(tenant.fixture().tenant().clientSecret()));
    }

    @Test
    void aTenantWithAWrongSecretReportsInItsRunRecordAndFailsItsTask() throws Exception {
        Map<String, String> config = tenant.connectorConfig("wrongsecret", "wrong", "");
        config.put(IdentitySourceConfig.SECRETS, tenant.secretsJson().replaceFirst("\\$\\{file:[^}]*:entra.secret}",
                "not-the-secret"));
        connect.configureConnector("wrongsecret", config);
        JsonNode run = Runs.await(connect.kafka(), "wrong", "wrongsecret",
                r -> "failed".equals(r.path("outcome").asText()), 60_000);
        assertEquals("AuthenticationException", run.path("errorClass").asText());
        assertFalse(run.toString().contains("not-the-secret"));
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed("wrongsecret", 1, "the task failed");
        String trace = connect.connectorStatus("wrongsecret").tasks().get(0).trace();
        assertTrue(trace.contains("wrongsecret") && trace.contains("AuthenticationException"), trace);
        assertFalse(trace.contains("not-the-secret"));
        connect.deleteConnector("wrongsecret");
    }
}
