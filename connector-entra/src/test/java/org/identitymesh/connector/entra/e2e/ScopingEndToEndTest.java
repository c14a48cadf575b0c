package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.AssignedLicense;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scoping filters evaluated locally on delta pages, objects entering and leaving the scope, and failures. */
class ScopingEndToEndTest {

    private TenantFixture fixture;
    private HostReplica host;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(200).groups(40).memberships(800).build(),
                s -> s.memberSliceSize(30));
        host = new HostReplica(new EntraIdProvider().descriptor());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** What the host must hold when only groups matching {@code inScope} are imported. */
    private Map<String, Map<String, Map<String, Object>>> expectedWithGroups(Predicate<ObjectSnapshot> inScope) {
        var expected = fixture.expectedSnapshot(false);
        var groups = fixture.tenant().directory().groups().filter(inScope).map(ObjectSnapshot::id)
                .collect(Collectors.toSet());
        expected.get("Group").keySet().retainAll(groups);
        expected.get("GroupMember").values().removeIf(m -> !groups.contains((String) m.get("groupId")));
        return expected;
    }

    private static boolean startsWithIm(ObjectSnapshot group) {
        Object name = group.get("displayName");
        return name instanceof String s && s.toLowerCase(Locale.ROOT).startsWith("im-");
    }

    @Test
    void groupsEnterAndLeaveTheScopeWithTheirMembers() {
        try (Connector connector = fixture.connector("\"PageSize\":25,\"GroupSelectionFilter\":\"startswith(displayName,'IM-')\"")) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(expectedWithGroups(ScopingEndToEndTest::startsWithIm), host.snapshot()));
            assertTrue(full.type("Group").orElseThrow().filteredOut() > 0, full.toString());
            assertTrue(host.objects("Group").size() > 0, "the generator makes IM- groups");

            var dir = fixture.tenant().directory();
            ObjectSnapshot entering = dir.groups().filter(g -> !startsWithIm(g) && !dir.members(g.id()).isEmpty())
                    .findFirst().orElseThrow();
            ObjectSnapshot leaving = dir.groups().filter(ScopingEndToEndTest::startsWithIm).findFirst().orElseThrow();
            ObjectSnapshot staying = dir.groups().filter(g -> startsWithIm(g) && !g.id().equals(leaving.id()))
                    .findFirst().orElseThrow();
            dir.updateGroup(entering.id(), Map.of("displayName", "IM-Now in scope"));
            dir.updateGroup(leaving.id(), Map.of("displayName", "Left the scope"));
            dir.updateGroup(staying.id(), Map.of("description", "still here"));
            String user = dir.users().findFirst().orElseThrow().id();
            dir.addMember(staying.id(), user, org.identitymesh.connector.testkit.entra.MemberType.USER);

            List<ChangeRecord> delivered = new ArrayList<>();
            host.beginImport();
            ImportResult delta = connector.importChanges(ImportRequest.delta(full.watermark()), r -> {
                delivered.add(r);
                host.accept(r);
            });
            host.finishImport(delta);
            assertEquals(List.of(), Snapshots.differences(expectedWithGroups(ScopingEndToEndTest::startsWithIm), host.snapshot()));
            assertEquals(dir.members(entering.id()).size(), host.objects("GroupMember").values().stream()
                    .filter(m -> entering.id().equals(m.get("groupId"))).count(),
                    "a group entering the scope arrives with all its members, not just the changed ones");
            assertTrue(delivered.contains(ChangeRecord.delete("Group", leaving.id())), delivered.toString());
            assertEquals("still here", host.object("Group", staying.id()).orElseThrow().get("description"));
            assertTrue(host.object("Group", staying.id()).orElseThrow().containsKey("displayName"),
                    "minimal mode must not clear what did not change");
        }
    }

    @Test
    void usersOutOfScopeAreLeftOutAndDeletedWhenTheyLeave() {
        try (Connector connector = fixture.connector("\"IncludeDisabledUsers\":false,\"IncludeGuests\":false,"
                + "\"UserSelectionFilter\":\"not startswith(displayName,'Z')\"")) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            Predicate<ObjectSnapshot> inScope = u -> !Boolean.FALSE.equals(u.get("accountEnabled"))
                    && !"Guest".equals(u.get("userType"))
                    && !String.valueOf(u.get("displayName")).toUpperCase(Locale.ROOT).startsWith("Z");
            var expected = fixture.expectedSnapshot(false);
            var ids = fixture.tenant().directory().users().filter(inScope).map(ObjectSnapshot::id)
                    .collect(Collectors.toSet());
            expected.get("User").keySet().retainAll(ids);
            assertEquals(List.of(), Snapshots.differences(Map.of("User", expected.get("User")), Map.of("User", host.objects("User"))));
            long excluded = fixture.tenant().directory().users().filter(inScope.negate()).count();
            assertEquals(excluded, full.type("User").orElseThrow().filteredOut());
            assertTrue(excluded > 0, "the generator makes guests and disabled accounts");

            String disabled = fixture.tenant().directory().users().filter(inScope).findFirst().orElseThrow().id();
            fixture.tenant().directory().updateUser(disabled, Map.of("accountEnabled", false));
            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            assertTrue(host.object("User", disabled).isEmpty(), "a user disabled since is deleted from the host");
            assertEquals(1, delta.type("User").orElseThrow().filteredOut());
            assertEquals(1, delta.type("User").orElseThrow().deleted());
        }
    }

    private static List<?> licenses(ObjectSnapshot user) {
        return (List<?>) user.get("assignedLicenses");
    }

    /** What the host must hold when only users matching {@code inScope} are imported. */
    private Map<String, Map<String, Object>> expectedUsers(Predicate<ObjectSnapshot> inScope) {
        var users = fixture.expectedSnapshot(false).get("User");
        var ids = fixture.tenant().directory().users().filter(inScope).map(ObjectSnapshot::id)
                .collect(Collectors.toSet());
        users.keySet().retainAll(ids);
        return users;
    }

    @Test
    void onlyLicensedUsersAreImportedAndALicenceChangeMovesAUserInOrOut() {
        try (Connector connector = fixture.connector("\"UserSelectionFilter\":\"assignedLicenses/any()\"")) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            Predicate<ObjectSnapshot> licensed = u -> !licenses(u).isEmpty();
            // the users' default attributes do not include assignedLicenses: these users match only because the
            // filter's property was added to $select, and the records do not carry it
            assertEquals(List.of(), Snapshots.differences(Map.of("User", expectedUsers(licensed)),
                    Map.of("User", host.objects("User"))));
            long unlicensed = fixture.tenant().directory().users().filter(licensed.negate()).count();
            assertTrue(unlicensed > 0 && host.objects("User").size() > 0, "the generator makes both kinds of users");
            assertEquals(unlicensed, full.type("User").orElseThrow().filteredOut());

            var dir = fixture.tenant().directory();
            String gaining = dir.users().filter(licensed.negate()).filter(u -> "Member".equals(u.get("userType")))
                    .findFirst().orElseThrow().id();
            List<String> holders = dir.users().filter(licensed).map(ObjectSnapshot::id).limit(2).toList();
            String losing = holders.get(0);
            String switching = holders.get(1);
            dir.updateUser(gaining, Map.of("assignedLicenses",
                    List.of(AssignedLicense.of(AssignedLicense.EXCHANGE_ONLINE_PLAN_1))));
            dir.updateUser(losing, Map.of("assignedLicenses", List.of()));
            dir.updateUser(switching, Map.of("assignedLicenses",
                    List.of(AssignedLicense.of(AssignedLicense.MICROSOFT_365_E5))));

            List<ChangeRecord> delivered = new ArrayList<>();
            host.beginImport();
            ImportResult delta = connector.importChanges(ImportRequest.delta(full.watermark()), r -> {
                delivered.add(r);
                host.accept(r);
            });
            host.finishImport(delta);
            assertEquals(List.of(), Snapshots.differences(Map.of("User", expectedUsers(licensed)),
                    Map.of("User", host.objects("User"))));
            assertTrue(delivered.contains(ChangeRecord.delete("User", losing)), "a user left without licences leaves");
            assertTrue(host.object("User", gaining).orElseThrow().containsKey("displayName"),
                    "a user given a licence arrives whole");
            assertTrue(delivered.stream().anyMatch(r -> r.externalId().equals(switching)
                    && r.operation() == ChangeRecord.Operation.UPSERT), "another licence keeps the user in scope");
            ImportResult.TypeResult users = delta.type("User").orElseThrow();
            assertEquals(1, users.filteredOut());
            assertEquals(1, users.deleted());
        }
    }

    @Test
    void usersWithAGivenSkuAreImportedWithTheirLicencesAsJsonText() {
        String e5 = AssignedLicense.MICROSOFT_365_E5;
        try (Connector connector = fixture.connector("\"AdditionalUserAttributes\":[\"assignedLicenses\"],"
                + "\"UserSelectionFilter\":\"assignedLicenses/any(x:x/skuId eq " + e5 + ")\"")) {
            host.runImport(connector, ImportRequest.full());
            var dir = fixture.tenant().directory();
            Predicate<ObjectSnapshot> withE5 = u -> licenses(u).stream()
                    .anyMatch(l -> ((AssignedLicense) l).skuId().equals(e5));
            var expected = dir.users().filter(withE5).collect(Collectors.toMap(ObjectSnapshot::id,
                    ScopingEndToEndTest::licensesAsJson));
            assertTrue(expected.size() > 0, "the generator hands out E5 licences");
            var imported = host.objects("User");
            assertEquals(expected.keySet(), imported.keySet());
            imported.forEach((id, attributes) -> assertEquals(expected.get(id), attributes.get("assignedLicenses"),
                    "an array of objects is delivered as its JSON text"));
        }
    }

    @Test
    void aFilterCanLookIntoTheDisabledPlansOfALicence() {
        String teams = AssignedLicense.TEAMS_SERVICE_PLAN;
        try (Connector connector = fixture.connector("\"UserSelectionFilter\":"
                + "\"assignedLicenses/any(x:x/disabledPlans/any(p:p eq " + teams + "))\"")) {
            host.runImport(connector, ImportRequest.full());
            Predicate<ObjectSnapshot> teamsOff = u -> licenses(u).stream()
                    .anyMatch(l -> ((AssignedLicense) l).disabledPlans().contains(teams));
            assertTrue(fixture.tenant().directory().users().anyMatch(teamsOff), "the generator switches Teams off");
            assertEquals(List.of(), Snapshots.differences(Map.of("User", expectedUsers(teamsOff)),
                    Map.of("User", host.objects("User"))));
        }
    }

    /** The JSON text Graph writes for a user's licences. */
    private static String licensesAsJson(ObjectSnapshot user) {
        StringBuilder out = new StringBuilder("[");
        for (Object element : licenses(user)) {
            AssignedLicense license = (AssignedLicense) element;
            out.append(out.length() > 1 ? "," : "").append("{\"disabledPlans\":[");
            out.append(String.join(",", license.disabledPlans().stream().map(p -> "\"" + p + "\"").toList()));
            out.append("],\"skuId\":\"").append(license.skuId()).append("\"}");
        }
        return out.append(']').toString();
    }

    @Test
    void cancellingEndsALongThrottleWaitAtOnce() throws Exception {
        fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "120"));
        Cancellation cancellation = Cancellation.create();
        try (Connector connector = fixture.connector("")) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cancellation.cancel();
            });
            canceller.start();
            Instant started = Instant.now();
            assertThrows(ImportCancelledException.class, () -> connector.importChanges(
                    ImportRequest.full().withCancellation(cancellation), r -> { }));
            canceller.join();
            assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(60)) < 0,
                    "the 120 s wait was not cut short");
        }
    }

    @Test
    void aMissingPermissionIsNamedInTheImportAndTheConnectionTest() {
        try (Connector connector = fixture.connector("")) {
            fixture.tenant().faults().inject(RequestKind.GROUPS_DELTA, Fault.authorizationDenied(), 2);
            PermissionException e = assertThrows(PermissionException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().contains("GroupMember.Read.All"), e.getMessage());
            assertTrue(e.diagnosticId().isPresent(), "Graph's request-id is kept for support");

            ConnectionTestResult test = connector.testConnection();
            assertFalse(test.successful());
            assertEquals(List.of(ConnectionTestResult.Status.PASSED, ConnectionTestResult.Status.PASSED,
                    ConnectionTestResult.Status.FAILED), test.steps().stream().map(ConnectionTestResult.Step::status)
                    .toList());
            assertTrue(test.firstFailure().orElseThrow().message().contains("admin"), test.toString());
        }
    }
}
