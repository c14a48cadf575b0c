package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.EntraIdConnector;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.ExpiryResponse;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector against the simulated tenant over loopback HTTPS: the real azure-identity client-credentials
 * request, the real Graph request adapter, real paging, and a host replica that must equal the tenant.
 */
class EntraImportEndToEndTest {

    private TenantFixture fixture;
    private HostReplica host;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(300).groups(30).memberships(1_200)
                .largeGroups(1).largeGroupSize(250).build(), s -> s.memberSliceSize(40));
        host = new HostReplica(new EntraIdProvider().descriptor());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void fullThenDeltaReproducesTheTenantExactly() {
        try (Connector connector = fixture.connector("\"PageSize\":50")) {
            ImportResult full = host.runImport(connector, ImportRequest.delta(null));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertEquals(FullRoundReason.FIRST_RUN, full.type("User").orElseThrow().fullRoundReason());
            assertTrue(full.type("GroupMember").orElseThrow().completeSnapshot());
            assertTrue(full.type("User").orElseThrow().pages() >= 6, full.toString());

            var dir = fixture.tenant().directory();
            String alice = dir.users().findFirst().orElseThrow().id();
            String bob = dir.users().skip(1).findFirst().orElseThrow().id();
            String carol = dir.users().skip(2).findFirst().orElseThrow().id();
            String group = dir.groups().findFirst().orElseThrow().id();
            String newUser = dir.addUser(Map.of("displayName", "Zoë Ångström", "userPrincipalName",
                    "zoe@contoso.example", "accountEnabled", true, "userType", "Member"));
            dir.updateUser(alice, Map.of("jobTitle", "Chief Cartographer"));
            dir.clearUserProperty(alice, "mobilePhone");
            dir.deleteUser(bob, Deletion.SOFT);
            dir.deleteUser(carol, Deletion.HARD);
            dir.addMember(group, newUser, MemberType.USER);
            MemberRef removed = dir.members(group).get(0);
            dir.removeMember(group, removed);

            List<ChangeRecord> delivered = new ArrayList<>();
            host.beginImport();
            ImportResult delta = connector.importChanges(ImportRequest.delta(full.watermark()), r -> {
                delivered.add(r);
                host.accept(r);
            });
            host.finishImport(delta);
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertFalse(delta.type("User").orElseThrow().completeSnapshot());
            long fullRecords = full.types().values().stream().mapToLong(t -> t.upserted() + t.deleted()).sum();
            assertTrue(delivered.size() * 20 < fullRecords, "a delta delivers changes, not the tenant: "
                    + delivered.size() + " of " + fullRecords);
            assertEquals("Chief Cartographer", host.object("User", alice).orElseThrow().get("jobTitle"));
            assertFalse(host.object("User", alice).orElseThrow().containsKey("mobilePhone"));
            assertTrue(host.object("User", bob).isEmpty() && host.object("User", carol).isEmpty());
            assertTrue(host.object("GroupMember", group + ":" + newUser).isPresent());
            assertTrue(host.object("GroupMember", group + ":" + removed.id()).isEmpty());

            ImportResult quiet = host.runImport(connector, ImportRequest.delta(delta.watermark()));
            assertEquals(0, quiet.type("User").orElseThrow().seen());
            assertEquals(1, quiet.type("User").orElseThrow().requests(), "a quiet round is one request per type");
            assertEquals(1, quiet.type("Group").orElseThrow().requests());
        }
    }

    @Test
    void aFullImportSignsInOnceForAllItsPages() {
        try (EntraIdConnector connector = (EntraIdConnector) fixture.connector("\"PageSize\":20")) {
            ImportResult result = host.runImport(connector, ImportRequest.full());
            long pages = result.type("User").orElseThrow().pages() + result.type("Group").orElseThrow().pages();
            assertTrue(pages > 15, "pages: " + pages);
            assertEquals(1, fixture.tenant().journal().count(RequestKind.TOKEN));
            assertEquals(1, connector.tokenAcquisitions());
        }
    }

    @Test
    void aTokenRefusedMidRunIsReplacedOnce() {
        try (Connector connector = fixture.connector("\"PageSize\":50")) {
            ImportResult first = host.runImport(connector, ImportRequest.full());
            fixture.tenant().revokeAccessTokens();
            fixture.tenant().directory().updateUser(fixture.tenant().directory().users().findFirst().orElseThrow().id(),
                    Map.of("department", "Maps"));
            host.runImport(connector, ImportRequest.delta(first.watermark()));
            assertEquals(2, fixture.tenant().journal().count(RequestKind.TOKEN));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
        }
    }

    @Test
    void throttlingAndCutConnectionsAreRetriedAndCounted() {
        var faults = fixture.tenant().faults();
        faults.inject(RequestKind.USERS_DELTA, Fault.throttled(429, "0.2"));
        faults.inject(RequestKind.USERS_DELTA, Fault.throttled(503));
        faults.inject(RequestKind.GROUPS_DELTA, Fault.connectionCut());
        faults.inject(RequestKind.GROUPS_DELTA, Fault.malformedJson());
        try (Connector connector = fixture.connector("\"PageSize\":100")) {
            List<String> retries = new ArrayList<>();
            ImportResult result = host.runImport(connector, ImportRequest.full().withProgressListener(
                    new org.identitymesh.connector.api.ProgressListener() {
                        @Override
                        public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
                            retries.add(objectType + " " + attempt + " " + wait.toMillis());
                        }
                    }));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertEquals(2, result.type("User").orElseThrow().retries());
            assertEquals(2, result.type("Group").orElseThrow().retries());
            assertEquals(List.of("User 1 200", "User 2 100"), retries.stream().filter(r -> r.startsWith("User")).toList(),
                    "Retry-After 0.2 s honoured; without it, attempt x RetryDelaySeconds (0.05 s)");
            assertEquals(List.of("Group 1 50", "Group 2 100"), retries.stream().filter(r -> r.startsWith("Group"))
                    .toList());
        }
    }

    @Test
    void persistentFailureKeepsThePreviousWatermark() {
        try (Connector connector = fixture.connector("\"MaxRetries\":1")) {
            ImportResult first = host.runImport(connector, ImportRequest.full());
            fixture.tenant().faults().inject(RequestKind.GROUPS_DELTA, Fault.connectionCut(), 2);
            assertThrows(TransientConnectorException.class,
                    () -> connector.importChanges(ImportRequest.delta(first.watermark()), host.sink()));
            ImportResult again = host.runImport(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertTrue(again.type("User").orElseThrow().fullRound().isEmpty());
        }
    }

    @Test
    void aZeroRetryAfterIsRetriedOnlyByTheConnector() {
        try (Connector connector = fixture.connector("\"MaxRetries\":1")) {
            ImportResult first = host.runImport(connector, ImportRequest.full());
            long before = fixture.tenant().journal().count(RequestKind.USERS_DELTA);
            fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(503, "0"), 2);
            TransientConnectorException e = assertThrows(TransientConnectorException.class,
                    () -> connector.importChanges(ImportRequest.delta(first.watermark()), host.sink()));
            assertEquals(before + 2, fixture.tenant().journal().count(RequestKind.USERS_DELTA),
                    "OkHttp must not repeat a 503 with Retry-After: 0 behind the retry owner's back");
            assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
            assertFalse(e.getMessage().contains(".."), e.getMessage());
        }
    }

    @Test
    void anExpiredDeltaLinkResyncsOrFailsAsConfigured() {
        try (Connector resync = fixture.connector("");
                Connector strict = fixture.connector("\"OnExpiredDelta\":\"Fail\"")) {
            ImportResult first = host.runImport(resync, ImportRequest.full());
            fixture.tenant().expireDeltaTokens();
            ResyncRequiredException e = assertThrows(ResyncRequiredException.class,
                    () -> strict.importChanges(ImportRequest.delta(first.watermark()), r -> { }));
            assertTrue(java.util.Set.of("User", "Group").contains(e.objectType()), e.objectType());

            fixture.tenant().settings().expiryResponse(ExpiryResponse.RESYNC_REQUIRED);
            ImportResult resynced = host.runImport(resync, ImportRequest.delta(first.watermark()));
            assertEquals(FullRoundReason.DELTA_EXPIRED, resynced.type("User").orElseThrow().fullRoundReason());
            assertEquals(FullRoundReason.DELTA_EXPIRED, resynced.type("GroupMember").orElseThrow().fullRoundReason());
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
        }
    }

    @Test
    void aWatermarkPointingElsewhereIsRefusedBeforeAnyRequest() {
        try (Connector connector = fixture.connector("")) {
            ImportResult first = host.runImport(connector, ImportRequest.full());
            long before = fixture.tenant().journal().total();
            String foreign = first.watermark().replace("127.0.0.1", "evil.example.com");
            assertThrows(WatermarkRejectedException.class,
                    () -> connector.importChanges(ImportRequest.delta(foreign), r -> { }));
            assertEquals(before, fixture.tenant().journal().total(), "no request may leave for a refused watermark");
        }
    }

    @Test
    void importsTheManagerWhenAskedTo() {
        try (Connector connector = fixture.connector("\"ImportManager\":true")) {
            host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(true), host.snapshot()));
            assertTrue(host.objects("User").values().stream().anyMatch(u -> u.get("managerId") != null),
                    "the generated tenant has managers");
        }
    }
}
