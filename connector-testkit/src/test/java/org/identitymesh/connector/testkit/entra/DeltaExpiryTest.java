package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeltaExpiryTest {

    private SimulatedEntraTenant tenant;
    private GraphTestClient client;

    @BeforeEach
    void start() {
        tenant = SimulatedEntraTenant.builder().spec(TenantSpec.builder().users(30).groups(3).memberships(30).build())
                .clock(SimulatedClock.fixed(Instant.parse("2026-03-01T00:00:00Z")))
                .settings(s -> s.tokenLifetime(Duration.ofDays(30))).start();
        client = new GraphTestClient(tenant);
    }

    @AfterEach
    void stop() {
        tenant.close();
    }

    private String deltaLink(String collection) {
        return client.round(client.graph("/" + collection + "/delta?$select=displayName")).deltaLink();
    }

    @Test
    void aDeltaLinkIdleLongerThanSevenDaysIsSyncStateNotFound() {
        String link = deltaLink("users");
        tenant.clock().advance(Duration.ofDays(6));
        String fresh = client.round(link).deltaLink();
        tenant.clock().advance(Duration.ofDays(6));
        assertEquals(200, client.get(fresh).status(), "each round's deltaLink starts a new idle period");
        tenant.clock().advance(Duration.ofDays(2));
        GraphTestClient.Response r = client.get(fresh);
        assertEquals(400, r.status());
        assertEquals("syncStateNotFound", r.errorCode());
    }

    @Test
    void expiryCanAnswer410ResyncRequiredWithALocation() {
        tenant.settings().expiryResponse(ExpiryResponse.RESYNC_REQUIRED).deltaIdleTimeout(Duration.ofHours(1));
        String link = deltaLink("groups");
        tenant.clock().advance(Duration.ofHours(2));
        GraphTestClient.Response r = client.get(link);
        assertEquals(410, r.status());
        assertEquals("resyncRequired", r.errorCode());
        assertEquals(client.graph("/groups/delta?$select=displayName"), r.header("Location"));
        assertEquals(200, client.get(r.header("Location")).status(), "the Location starts a new round");
    }

    @Test
    void expiringAllTokensHitsDeltaAndSkipTokens() {
        String link = deltaLink("users");
        String next = client.get(client.graph("/users/delta"), "Prefer", "odata.maxpagesize=2").json()
                .get("@odata.nextLink").asText();
        tenant.expireDeltaTokens();
        assertEquals("syncStateNotFound", client.get(link).errorCode());
        assertEquals("syncStateNotFound", client.get(next).errorCode());
        assertTrue(client.round(client.graph("/users/delta")).items().size() > 0, "new rounds work");
    }
}
