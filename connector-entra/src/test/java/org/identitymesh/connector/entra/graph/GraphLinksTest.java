package org.identitymesh.connector.entra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GraphLinksTest {

    private final GraphLinks links = new GraphLinks("https://127.0.0.1:8443/v1.0");

    @Test
    void acceptsOnlyTheConfiguredOriginAndDeltaPath() {
        assertTrue(links.isDeltaLink("https://127.0.0.1:8443/v1.0/users/delta?$skiptoken=x", "users"));
        assertTrue(links.isDeltaLink("https://127.0.0.1:8443/v1.0/users/delta()?$deltatoken=x", "users"));
        assertFalse(links.isDeltaLink("https://127.0.0.1:8443/v1.0/groups/delta?$skiptoken=x", "users"));
        assertFalse(links.isDeltaLink("https://127.0.0.1:9443/v1.0/users/delta?$skiptoken=x", "users"));
        assertFalse(links.isDeltaLink("http://127.0.0.1:8443/v1.0/users/delta?$skiptoken=x", "users"));
        assertFalse(links.isDeltaLink("https://evil.example.com/v1.0/users/delta?$skiptoken=x", "users"));
        assertFalse(links.isDeltaLink("https://user@127.0.0.1:8443/v1.0/users/delta", "users"));
        assertFalse(links.isDeltaLink("/v1.0/users/delta", "users"));
        assertFalse(links.isDeltaLink(null, "users"));
        assertTrue(links.isGraphLink("https://127.0.0.1:8443/v1.0/groups/g1/members?$top=999"));
        assertFalse(links.isGraphLink("https://127.0.0.1:8443/beta/users"));
    }

    @Test
    void redactsTokensFromLinks() {
        assertEquals("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abcdef…&$select=id",
                GraphLinks.redact("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abcdefghijkl&$select=id"));
        assertEquals("(none)", GraphLinks.redact(null));
    }

    @Test
    void theGuardRefusesLinksElsewhereWithoutRepeatingTheirTokens() {
        String forged = "https://evil.example.com/v1.0/users/delta?$deltatoken=secretdeltatoken";
        var sent = org.junit.jupiter.api.Assertions.assertThrows(
                org.identitymesh.connector.api.WatermarkRejectedException.class, () -> links.requireSendable(forged));
        assertFalse(sent.getMessage().contains("secretdeltatoken"), sent.getMessage());
        var followed = org.junit.jupiter.api.Assertions.assertThrows(
                org.identitymesh.connector.api.TransientConnectorException.class,
                () -> links.requireFollowable(forged, "deltaLink", "users"));
        assertTrue(followed.getMessage().contains("deltaLink outside the configured endpoint's users/delta"),
                followed.getMessage());
        assertFalse(followed.getMessage().contains("secretdeltatoken"), followed.getMessage());
        String members = "https://127.0.0.1:8443/v1.0/groups/g1/members?$skiptoken=x";
        assertEquals(members, links.requireFollowable(members, "nextLink", null));
        org.junit.jupiter.api.Assertions.assertThrows(org.identitymesh.connector.api.TransientConnectorException.class,
                () -> links.requireFollowable(members, "nextLink", "groups"), "a member page is no groups delta");
        links.requireSendable(members);
    }

    @Test
    void classifiesByStatusAndCodeNeverByMessage() {
        assertEquals(GraphFailure.Kind.RESYNC_REQUIRED, GraphFailure.fromResponse(410, null, null, null, null).kind());
        assertEquals(GraphFailure.Kind.RESYNC_REQUIRED,
                GraphFailure.fromResponse(400, "SyncStateNotFound", "x", null, null).kind());
        assertEquals(GraphFailure.Kind.RESYNC_REQUIRED,
                GraphFailure.fromResponse(404, "resyncRequired", "x", null, null).kind());
        assertEquals(GraphFailure.Kind.UNEXPECTED,
                GraphFailure.fromResponse(400, "Request_BadRequest", "syncStateNotFound", null, null).kind());
        assertEquals(GraphFailure.Kind.THROTTLED, GraphFailure.fromResponse(429, null, null, null, null).kind());
        assertEquals(GraphFailure.Kind.TRANSIENT, GraphFailure.fromResponse(504, null, null, null, null).kind());
        assertEquals(GraphFailure.Kind.FORBIDDEN, GraphFailure.fromResponse(403, null, null, null, null).kind());
        assertEquals(GraphFailure.Kind.UNAUTHENTICATED, GraphFailure.fromResponse(401, null, null, null, null).kind());
    }
}
