package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.EntraSchema;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group owners ({@code ImportGroupOwners}) against the simulated tenant: {@code owners@delta} in the groups delta,
 * with the semantics of memberships (a full round is a complete snapshot, a delta round adds and removes), under
 * every membership strategy and a group filter.
 */
class GroupOwnersEndToEndTest {

    private static final String OWNERS = "\"ImportGroupOwners\":true,\"PageSize\":10";

    private TenantFixture fixture;
    private HostReplica host;
    private EntraDirectory dir;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(200).groups(40).memberships(800).build(),
                s -> s.memberSliceSize(25));
        host = new HostReplica(new EntraIdProvider().descriptor());
        dir = fixture.tenant().directory();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private Map<String, Map<String, Map<String, Object>>> expected() {
        return fixture.expectedSnapshot(false, true, false);
    }

    @Test
    void ownersAreAddedAndRemovedInADeltaAndGoWithTheirGroup() {
        try (Connector connector = fixture.connector(OWNERS)) {
            ImportResult full = host.runImport(connector, ImportRequest.delta(null));
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
            ImportResult.TypeResult owners = full.type(EntraSchema.GROUP_OWNER).orElseThrow();
            assertTrue(owners.completeSnapshot());
            assertEquals(FullRoundReason.FIRST_RUN, owners.fullRoundReason());
            assertEquals(dir.ownershipCount(), owners.upserted());
            assertTrue(host.objects(EntraSchema.GROUP_OWNER).values().stream()
                    .anyMatch(o -> "ServicePrincipal".equals(o.get("ownerType"))), "the generator makes app owners");

            ObjectSnapshot owned = dir.groups().filter(g -> !dir.owners(g.id()).isEmpty()).findFirst().orElseThrow();
            MemberRef removed = dir.owners(owned.id()).get(0);
            ObjectSnapshot other = dir.groups().filter(g -> !g.id().equals(owned.id())).skip(3).findFirst()
                    .orElseThrow();
            String added = dir.users().filter(u -> dir.owners(other.id()).stream().noneMatch(o -> o.id().equals(u.id())))
                    .findFirst().orElseThrow().id();
            ObjectSnapshot deletedGroup = dir.groups().filter(g -> !g.id().equals(owned.id())
                    && !g.id().equals(other.id()) && !dir.owners(g.id()).isEmpty()).findFirst().orElseThrow();
            List<MemberRef> ownersOfDeleted = dir.owners(deletedGroup.id());
            dir.removeOwner(owned.id(), removed.id(), removed.type());
            dir.addOwner(other.id(), added, MemberType.USER);
            dir.deleteGroup(deletedGroup.id(), Deletion.HARD);

            List<ChangeRecord> delivered = new ArrayList<>();
            host.beginImport();
            ImportResult delta = connector.importChanges(ImportRequest.delta(full.watermark()), r -> {
                delivered.add(r);
                host.accept(r);
            });
            host.finishImport(delta);
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
            assertFalse(delta.type(EntraSchema.GROUP_OWNER).orElseThrow().completeSnapshot());
            List<ChangeRecord> ownerRecords = delivered.stream()
                    .filter(r -> r.objectType().equals(EntraSchema.GROUP_OWNER)).toList();
            assertEquals(2, ownerRecords.size(), "one added, one removed; the deleted group's owners go with it: "
                    + ownerRecords);
            ChangeRecord upsert = ownerRecords.stream().filter(r -> r.operation() == ChangeRecord.Operation.UPSERT)
                    .findFirst().orElseThrow();
            assertEquals(other.id() + ":" + added, upsert.externalId());
            assertEquals(Map.of("groupId", other.id(), "ownerId", added, "ownerType", "User"), upsert.attributes());
            ChangeRecord delete = ownerRecords.stream().filter(r -> r.operation() == ChangeRecord.Operation.DELETE)
                    .findFirst().orElseThrow();
            assertEquals(owned.id() + ":" + removed.id(), delete.externalId());
            for (MemberRef o : ownersOfDeleted) {
                assertTrue(host.object(EntraSchema.GROUP_OWNER, deletedGroup.id() + ":" + o.id()).isEmpty());
            }

            // a user deleted for good is no longer an owner
            String ownerUser = dir.owners(other.id()).stream().filter(o -> o.type() == MemberType.USER)
                    .findFirst().orElseThrow().id();
            dir.deleteUser(ownerUser, Deletion.HARD);
            host.runImport(connector, ImportRequest.delta(delta.watermark()));
            assertTrue(host.object(EntraSchema.GROUP_OWNER, other.id() + ":" + ownerUser).isEmpty());
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
        }
    }

    @Test
    void ownersComeWithEveryMembershipStrategy() {
        for (String strategy : List.of("PerGroup", "Batch")) {
            try (Connector connector = fixture.connector(OWNERS + ",\"MembershipStrategy\":\"" + strategy + "\"")) {
                ImportResult full = host.runImport(connector, ImportRequest.full());
                assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()), strategy);
                ObjectSnapshot group = dir.groups().skip(5).findFirst().orElseThrow();
                String user = dir.users().filter(u -> dir.owners(group.id()).stream()
                        .noneMatch(o -> o.id().equals(u.id()))).findFirst().orElseThrow().id();
                dir.addOwner(group.id(), user, MemberType.USER);
                ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
                assertEquals(FullRoundReason.ALWAYS_FULL, delta.type(EntraSchema.GROUP_OWNER).orElseThrow()
                        .fullRoundReason(), "groups are read in full with " + strategy + ", owners with them");
                assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()), strategy);
            }
            assertEquals(0, fixture.tenant().journal().count(RequestKind.GROUP_OWNERS),
                    "owners come inside the groups delta, never per group");
        }
    }

    @Test
    void aGroupEnteringTheScopeBringsAllItsOwners() {
        String filter = ",\"GroupSelectionFilter\":\"startswith(displayName,'IM-')\"";
        try (Connector connector = fixture.connector(OWNERS + filter)) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            ObjectSnapshot entering = dir.groups().filter(g -> !name(g).startsWith("im-")
                    && dir.owners(g.id()).size() >= 1).findFirst().orElseThrow();
            assertTrue(host.objects(EntraSchema.GROUP_OWNER).keySet().stream()
                    .noneMatch(k -> k.startsWith(entering.id())));
            dir.updateGroup(entering.id(), Map.of("displayName", "IM-Entering"));
            host.runImport(connector, ImportRequest.delta(full.watermark()));
            List<String> owners = dir.owners(entering.id()).stream().map(o -> entering.id() + ":" + o.id())
                    .sorted().toList();
            assertEquals(owners, host.objects(EntraSchema.GROUP_OWNER).keySet().stream()
                    .filter(k -> k.startsWith(entering.id())).sorted().toList(),
                    "a delta lists only owner changes, so the owners of a group that entered are read in full");
            assertEquals(1, fixture.tenant().journal().count(RequestKind.GROUP_OWNERS));

            var expected = expected();
            var inScope = dir.groups().filter(g -> name(g).startsWith("im-")).map(ObjectSnapshot::id)
                    .collect(Collectors.toSet());
            expected.get(EntraSchema.GROUP).keySet().retainAll(inScope);
            expected.get(EntraSchema.GROUP_MEMBER).values().removeIf(m -> !inScope.contains((String) m.get("groupId")));
            expected.get(EntraSchema.GROUP_OWNER).values().removeIf(o -> !inScope.contains((String) o.get("groupId")));
            assertEquals(List.of(), Snapshots.differences(expected, host.snapshot()));
        }
    }

    @Test
    void ownersAreReadWithTheirGroupsOnly() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> fixture.connector("\"ImportGroups\":false,\"ImportGroupOwners\":true"));
        assertTrue(e.problems().stream().anyMatch(p -> p.field().equals("ConfigJson.ImportGroupOwners")),
                e.getMessage());
        try (Connector connector = fixture.connector("")) {
            ImportResult result = host.runImport(connector, ImportRequest.full());
            assertTrue(result.type(EntraSchema.GROUP_OWNER).isEmpty(), "owners are imported only when asked");
            assertTrue(host.objects(EntraSchema.GROUP_OWNER).isEmpty());
        }
    }

    @Test
    void turningOwnersOnReadsGroupsInFullOnceAndLeavesUsersOnTheirDelta() {
        String before;
        try (Connector connector = fixture.connector("\"PageSize\":10")) {
            before = host.runImport(connector, ImportRequest.full()).watermark();
        }
        try (Connector connector = fixture.connector(OWNERS)) {
            ImportResult result = host.runImport(connector, ImportRequest.delta(before));
            assertEquals(FullRoundReason.CONFIGURATION_CHANGED, result.type(EntraSchema.GROUP_OWNER).orElseThrow()
                    .fullRoundReason(), "owners change what the groups cursor selects, like ImportMemberships");
            assertTrue(result.type(EntraSchema.USER).orElseThrow().fullRound().isEmpty());
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
        }
    }

    private static String name(ObjectSnapshot group) {
        return String.valueOf(group.get("displayName")).toLowerCase(Locale.ROOT);
    }
}
