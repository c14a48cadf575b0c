package org.identitymesh.connector.entra.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.graph.GraphLinks;
import org.junit.jupiter.api.Test;

/** A checkpoint reads back to the same positions, and is never taken for a watermark, nor the reverse. */
class CheckpointTest {

    private static final GraphLinks LINKS = new GraphLinks("https://graph.microsoft.com/v1.0");
    private static final String USERS_NEXT = "https://graph.microsoft.com/v1.0/users/delta?$skiptoken=abc";
    private static final String GROUPS_DONE = "https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=def";

    @Test
    void roundTripsFinishedAndUnfinishedPositions() {
        String text = Checkpoint.of("contoso.com", Map.of(
                "users", new Checkpoint.Position(USERS_NEXT, "f1", "REQUESTED"),
                "groups", new Checkpoint.Position(GROUPS_DONE, "f2", null))).encode();
        Checkpoint back = Checkpoint.decode(text, "contoso.com", LINKS);
        assertEquals(new Checkpoint.Position(USERS_NEXT, "f1", "REQUESTED"), back.position("users").orElseThrow());
        assertFalse(back.position("users").orElseThrow().finished());
        assertTrue(back.position("groups").orElseThrow().finished());
        assertFalse(back.toString().contains("skiptoken"), back.toString());
    }

    @Test
    void aCheckpointIsNoWatermarkAndAWatermarkNoCheckpoint() {
        String checkpoint = Checkpoint.of("contoso.com", Map.of("users",
                new Checkpoint.Position(USERS_NEXT, "f1", Checkpoint.DELTA))).encode();
        String watermark = Watermark.of("contoso.com", Map.of("groups",
                new Watermark.Cursor(GROUPS_DONE, "f2"))).encode();
        assertTrue(assertThrows(WatermarkRejectedException.class,
                () -> Watermark.decode(checkpoint, "contoso.com", LINKS)).getMessage()
                .contains("it is a checkpoint, not a watermark"));
        assertTrue(assertThrows(WatermarkRejectedException.class,
                () -> Checkpoint.decode(watermark, "contoso.com", LINKS)).getMessage()
                .contains("it is a watermark, not a checkpoint"));
    }
}
