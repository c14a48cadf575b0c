package org.identitymesh.connector.entra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
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
    void parsesRetryAfterInSecondsFractionsAndDates() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        assertEquals(Optional.of(Duration.ofMillis(2128)), RetryAfter.parse("2.128", clock));
        assertEquals(Optional.of(Duration.ofSeconds(5)), RetryAfter.parse(" 5 ", clock));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse("Sun, 22 Nov 2026 10:00:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("-1", clock));
        assertEquals(Optional.empty(), RetryAfter.parse(null, clock));
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
