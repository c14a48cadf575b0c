package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full import that dies midway resumes from the host's last checkpoint instead of starting over, and its
 * snapshot still prunes exactly what the tenant no longer holds.
 */
class ResumableImportTest {

    private TenantFixture fixture;
    private HostReplica host;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(400).groups(40).memberships(1_600).largeGroups(1)
                .largeGroupSize(200).build(), s -> s.memberSliceSize(40));
        host = new HostReplica(new EntraIdProvider().descriptor());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** A host that stores the latest checkpoint and dies (its sink throws) after some user records. */
    private static ChangeSink dyingAfter(HostReplica host, int users, AtomicReference<String> stored) {
        AtomicInteger seen = new AtomicInteger();
        return new ChangeSink() {
            @Override
            public void accept(ChangeRecord record) {
                if (record.objectType().equals("User") && seen.incrementAndGet() > users) {
                    throw new IllegalStateException("the host crashed");
                }
                host.accept(record);
            }

            @Override
            public void checkpoint(String checkpoint) {
                stored.set(checkpoint);
            }
        };
    }

    @Test
    void aFullImportKilledMidwayResumesAndStillPrunesWhatIsGone() {
        host.accept(ChangeRecord.upsert("User", "stale-user", Map.of("displayName", "Left long ago")));
        try (Connector connector = fixture.connector("\"PageSize\":30")) {
            AtomicReference<String> checkpoint = new AtomicReference<>();
            host.beginImport();
            assertThrows(SinkFailedException.class,
                    () -> connector.importChanges(ImportRequest.full(), dyingAfter(host, 200, checkpoint)));
            assertTrue(checkpoint.get() != null, "checkpoints were handed out before the crash");

            host.resumeImport();
            ImportResult resumed = connector.importChanges(ImportRequest.resume(checkpoint.get()), host.sink());
            host.finishImport(resumed);

            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()),
                    "objects from both parts kept, the stale one pruned");
            assertEquals(FullRoundReason.REQUESTED, resumed.type("User").orElseThrow().fullRoundReason());
            assertTrue(resumed.type("User").orElseThrow().upserted() < 400,
                    "the resumed part did not start over: " + resumed.type("User").orElseThrow().upserted());
            assertTrue(resumed.type("User").orElseThrow().pages() <= (400 - 180) / 30 + 1,
                    "the users chain went on from about user 200: " + resumed.type("User").orElseThrow().pages()
                            + " pages");

            // the watermark of a resumed import works like any other
            fixture.tenant().directory().updateUser(fixture.tenant().directory().users().findFirst().orElseThrow()
                    .id(), Map.of("jobTitle", "After the crash"));
            host.runImport(connector, ImportRequest.delta(resumed.watermark()));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
        }
    }

    @Test
    void checkpointsAndWatermarksAreNotInterchangeable() {
        try (Connector connector = fixture.connector("")) {
            AtomicReference<String> checkpoint = new AtomicReference<>();
            ImportResult result = connector.importChanges(ImportRequest.full(), new ChangeSink() {
                @Override
                public void accept(ChangeRecord record) {
                }

                @Override
                public void checkpoint(String text) {
                    checkpoint.set(text);
                }
            });
            long before = fixture.tenant().journal().total();
            WatermarkRejectedException asWatermark = assertThrows(WatermarkRejectedException.class,
                    () -> connector.importChanges(ImportRequest.delta(checkpoint.get()), r -> { }));
            assertTrue(asWatermark.getMessage().contains("checkpoint, not a watermark"), asWatermark.getMessage());
            assertThrows(WatermarkRejectedException.class,
                    () -> connector.importChanges(ImportRequest.resume(result.watermark()), r -> { }));
            assertThrows(WatermarkRejectedException.class, () -> connector.importChanges(
                    ImportRequest.resume(checkpoint.get().replace("127.0.0.1", "evil.example")), r -> { }));
            assertEquals(before, fixture.tenant().journal().total(), "no request for a refused checkpoint");
            assertFalse(checkpoint.get().isEmpty());
        }
    }

    /**
     * A full round whose next link expires after it delivered part of the users: starting the round again within the
     * import would miss a user deleted in between (delivered before, absent from the new round, and older than the
     * new round's delta link), so the host would keep it. The import fails instead, keeping the old watermark, and
     * the next one converges.
     */
    @Test
    void aRoundWhoseLinkExpiresAfterDeliveringRecordsLosesNoDeleteMadeMeanwhile() {
        try (Connector connector = fixture.connector("\"PageSize\":30")) {
            host.runImport(connector, ImportRequest.full());
            AtomicReference<String> deleted = new AtomicReference<>();
            AtomicInteger users = new AtomicInteger();
            host.beginImport();
            ChangeSink sink = record -> {
                host.accept(record);
                if (record.objectType().equals("User")) {
                    int n = users.incrementAndGet();
                    if (n == 1) {
                        deleted.set(record.externalId());
                        fixture.tenant().directory().deleteUser(record.externalId(),
                                org.identitymesh.connector.testkit.entra.Deletion.HARD);
                    } else if (n == 40) {
                        fixture.tenant().expireDeltaTokens();
                    }
                }
            };
            ImportResult result;
            try {
                result = connector.importChanges(ImportRequest.full(), sink);
                host.finishImport(result);
            } catch (org.identitymesh.connector.api.TransientConnectorException e) {
                assertTrue(e.getMessage().contains("Run the import again"), e.getMessage());
                result = host.runImport(connector, ImportRequest.full());
            }
            host.runImport(connector, ImportRequest.delta(result.watermark()));
            assertFalse(host.objects("User").containsKey(deleted.get()), "the deleted user is gone");
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
        }
    }
}
