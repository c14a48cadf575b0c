package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraphAuthenticationTest {

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(10).groups(1).memberships(5).build());
        client = new GraphTestClient(tenant);
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @Test
    void noTokenIs401InvalidAuthenticationTokenWithGraphErrorBody() {
        GraphTestClient.Response r = client.send(HttpRequest.newBuilder(URI.create(client.graph("/users/delta")))
                .header("client-request-id", "my-correlation").build());
        assertEquals(401, r.status());
        assertEquals("InvalidAuthenticationToken", r.errorCode());
        assertNotNull(r.header("WWW-Authenticate"));
        assertEquals(r.header("request-id"), r.json().at("/error/innerError/request-id").asText());
        assertEquals("my-correlation", r.header("client-request-id"));
        assertEquals("my-correlation", r.json().at("/error/innerError/client-request-id").asText());
        assertTrue(r.json().at("/error/innerError/date").asText().endsWith("Z"));
    }

    @Test
    void unknownTokenIs401() {
        GraphTestClient.Response r = client.send(HttpRequest.newBuilder(URI.create(client.graph("/groups/delta")))
                .header("Authorization", "Bearer not-a-token").build());
        assertEquals(401, r.status());
        assertEquals("InvalidAuthenticationToken", r.errorCode());
    }

    @Test
    void everyResponseCarriesRequestIds() {
        GraphTestClient.Response r = client.get(client.graph("/users/delta?$deltatoken=latest"));
        assertEquals(200, r.status());
        assertNotNull(r.header("request-id"));
        assertNotNull(r.header("client-request-id"));
    }

    @Test
    void revokedTokensAreRejectedUntilANewOneIsFetched() {
        client.fetchToken();
        assertEquals(200, client.get(client.graph("/users/delta?$deltatoken=latest")).status());
        tenant.revokeAccessTokens();
        assertEquals(401, client.get(client.graph("/users/delta?$deltatoken=latest")).status());
        client.fetchToken();
        assertEquals(200, client.get(client.graph("/users/delta?$deltatoken=latest")).status());
    }

    @Test
    void unknownGraphPathsAreBadRequestsAndOtherPathsNotFound() {
        GraphTestClient.Response r = client.get(client.graph("/me"));
        assertEquals(400, r.status());
        assertEquals("BadRequest", r.errorCode());
        assertEquals(404, client.get(tenant.baseUrl() + "/nothing").status());
        assertEquals(405, client.postJson(client.graph("/users/delta"), "{}").status());
    }
}
