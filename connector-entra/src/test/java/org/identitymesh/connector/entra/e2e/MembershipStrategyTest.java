package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The three ways to read memberships deliver the same tenant; they differ in requests and in what a delta costs. */
class MembershipStrategyTest {

    private TenantFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(200).groups(45).memberships(900).largeGroups(1)
                .largeGroupSize(150).build(), s -> s.memberSliceSize(50));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Delta", "PerGroup", "Batch"})
    void everyStrategyReproducesTheTenantThroughFullAndDeltaImports(String strategy) {
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = fixture.connector("\"MembershipStrategy\":\"" + strategy + "\"")) {
            ImportResult full = host.runImport(connector, ImportRequest.delta(null));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));

            var dir = fixture.tenant().directory();
            String group = dir.groups().findFirst().orElseThrow().id();
            MemberRef leaving = dir.members(group).get(0);
            dir.removeMember(group, leaving);
            dir.addMember(group, dir.addUser(Map.of("displayName", "Newcomer")), MemberType.USER);

            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            FullRoundReason groupsRound = delta.type("GroupMember").orElseThrow().fullRoundReason();
            assertEquals(strategy.equals("Delta") ? null : FullRoundReason.ALWAYS_FULL, groupsRound,
                    "only members@delta reads memberships incrementally");
        }
    }

    @Test
    void membersInsideTheDeltaNeedFarFewerRequestsThanOneChainPerGroup() {
        long delta = groupRequests("Delta");
        long perGroup = groupRequests("PerGroup");
        long batch = groupRequests("Batch");
        assertTrue(perGroup >= 45 + 1, "a groups page and one members chain per group: " + perGroup);
        assertTrue(perGroup > 5 * delta, "members inside the delta: " + delta + " requests vs " + perGroup);
        assertTrue(batch * 5 < perGroup, "20 groups per $batch: " + batch + " vs " + perGroup);
    }

    @Test
    void aThrottledBatchItemWaitsForItsOwnRetryAfter() {
        fixture.tenant().faults().inject(RequestKind.GROUP_MEMBERS, Fault.throttled(429, "0.1"), 3);
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = fixture.connector("\"MembershipStrategy\":\"Batch\"")) {
            ImportResult result = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertEquals(3, result.type("GroupMember").orElseThrow().retries());
        }
    }

    private long groupRequests(String strategy) {
        try (Connector connector = fixture.connector("\"MembershipStrategy\":\"" + strategy + "\"")) {
            ImportResult result = connector.importChanges(ImportRequest.full(), r -> { });
            return result.type("Group").orElseThrow().requests() + result.type("GroupMember").orElseThrow().requests();
        }
    }
}
