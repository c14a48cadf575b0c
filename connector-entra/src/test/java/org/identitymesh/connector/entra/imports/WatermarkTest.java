package org.identitymesh.connector.entra.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.graph.GraphLinks;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    private static final GraphLinks LINKS = new GraphLinks("https://graph.microsoft.com/v1.0");
    private static final String USERS = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=SECRETTOKEN123";
    private static final String GROUPS = "https://graph.microsoft.com/v1.0/groups/delta()?$deltatoken=OTHERTOKEN456";

    private static String encoded() {
        return Watermark.of("contoso.com", Map.of("users", new Watermark.Cursor(USERS, "f1"),
                "groups", new Watermark.Cursor(GROUPS, "f2"))).encode();
    }

    @Test
    void roundTripsTheRunbookWrapper() {
        String text = encoded();
        assertTrue(text.contains("\"u\":") && text.contains("\"g\":") && text.contains("\"v\":1"), text);
        Watermark back = Watermark.decode(text, "CONTOSO.com", LINKS);
        assertEquals(new Watermark.Cursor(USERS, "f1"), back.cursor("users").orElseThrow());
        assertEquals(new Watermark.Cursor(GROUPS, "f2"), back.cursor("groups").orElseThrow());
        assertFalse(back.toString().contains("SECRETTOKEN"), back.toString());
    }

    @Test
    void carriesTheDevicesCursorUnderDAndReadsWatermarksWrittenBeforeDevices() {
        String devices = "https://graph.microsoft.com/v1.0/devices/delta?$deltatoken=DEVICETOKEN789";
        String text = Watermark.of("contoso.com", Map.of("users", new Watermark.Cursor(USERS, "f1"),
                "groups", new Watermark.Cursor(GROUPS, "f2"), "devices", new Watermark.Cursor(devices, "f3"))).encode();
        assertTrue(text.contains("\"d\":") && text.contains("\"ds\":\"f3\""), text);
        Watermark back = Watermark.decode(text, "contoso.com", LINKS);
        assertEquals(new Watermark.Cursor(devices, "f3"), back.cursor("devices").orElseThrow());

        Watermark old = Watermark.decode(encoded(), "contoso.com", LINKS);
        assertTrue(old.cursor("devices").isEmpty(), "a watermark from before devices has no devices cursor");
        assertEquals(new Watermark.Cursor(USERS, "f1"), old.cursor("users").orElseThrow());

        String misplaced = Watermark.of("contoso.com", Map.of("devices", new Watermark.Cursor(USERS, "f"))).encode();
        assertThrows(WatermarkRejectedException.class, () -> Watermark.decode(misplaced, "contoso.com", LINKS),
                "a devices cursor must point at devices/delta");
    }

    @Test
    void refusesCorruptionTamperingAndForeignWatermarks() {
        String good = encoded();
        String flipped = good.replace("SECRETTOKEN123", "SECRETTOKEN124");
        String foreignHost = Watermark.of("contoso.com", Map.of("users",
                new Watermark.Cursor("https://evil.example.com/v1.0/users/delta?$deltatoken=x", "f"))).encode();
        String wrongPath = Watermark.of("contoso.com", Map.of("users",
                new Watermark.Cursor("https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=x", "f"))).encode();
        String otherTenant = Watermark.of("fabrikam.com", Map.of()).encode();
        for (String bad : new String[] {"", "not json", "[]", "{\"v\":2}", good.substring(0, good.length() - 3), good + "x",
                flipped, foreignHost, wrongPath, otherTenant, "{\"u\":\"" + USERS + "\"}"}) {
            WatermarkRejectedException e = assertThrows(WatermarkRejectedException.class,
                    () -> Watermark.decode(bad, "contoso.com", LINKS), bad);
            assertFalse(e.getMessage().contains("SECRETTOKEN"), e.getMessage());
            assertTrue(e.getMessage().contains("no request was sent"), e.getMessage());
        }
    }
}
