package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.builder().spec(TenantSpec.builder().users(20).groups(2).memberships(20).build())
                .clock(SimulatedClock.fixed(Instant.parse("2026-06-01T10:00:00Z"))).start();
        client = new GraphTestClient(tenant);
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @BeforeEach
    void reset() {
        tenant.settings().tokenLifetime(Duration.ofSeconds(3599));
        tenant.journal().reset();
    }

    private Map<String, String> form() {
        Map<String, String> f = new HashMap<>();
        f.put("client_id", tenant.clientId());
        f.put("client_secret", tenant.clientSecret());
        f.put("grant_type", "client_credentials");
        f.put("scope", tenant.graphScope());
        return f;
    }

    @Test
    void issuesBearerTokensThatGraphAccepts() {
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), form());
        assertEquals(200, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(3599, body.get("expires_in").asInt());
        assertEquals(3599, body.get("ext_expires_in").asInt());
        String token = body.get("access_token").asText();
        assertFalse(token.isBlank());
        assertEquals(1, tenant.journal().count(RequestKind.TOKEN));

        GraphTestClient.Response graph = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.graph("/users/delta?$deltatoken=latest")))
                .header("Authorization", "Bearer " + token).build());
        assertEquals(200, graph.status(), graph.body());
    }

    @Test
    void eachTokenIsDifferent() {
        String a = client.postForm(tenant.tokenEndpoint(), form()).json().get("access_token").asText();
        String b = client.postForm(tenant.tokenEndpoint(), form()).json().get("access_token").asText();
        assertFalse(a.equals(b));
    }

    @Test
    void theTenantDomainWorksInPlaceOfTheId() {
        String url = tenant.authorityHost() + "/" + tenant.spec().domain() + "/oauth2/v2.0/token";
        assertEquals(200, client.postForm(url, form()).status());
    }

    @Test
    void wrongSecretIsInvalidClient7000215() {
        Map<String, String> f = form();
        f.put("client_secret", "wrong");
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), f);
        assertEquals(401, r.status());
        JsonNode body = r.json();
        assertEquals("invalid_client", body.get("error").asText());
        assertTrue(body.get("error_description").asText().startsWith("AADSTS7000215: Invalid client secret provided."),
                body.get("error_description").asText());
        assertEquals(7000215, body.get("error_codes").get(0).asInt());
        assertTrue(body.get("timestamp").asText().matches("2026-06-01 10:00:\\d\\dZ"), body.get("timestamp").asText());
        assertNotNull(body.get("trace_id"));
        assertNotNull(body.get("correlation_id"));
    }

    @Test
    void unknownClientIsUnauthorizedClient700016() {
        Map<String, String> f = form();
        f.put("client_id", "00000000-0000-0000-0000-000000000001");
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), f);
        assertEquals(400, r.status());
        assertEquals("unauthorized_client", r.json().get("error").asText());
        assertEquals(700016, r.json().get("error_codes").get(0).asInt());
    }

    @Test
    void unknownTenantIsInvalidRequest90002() {
        String url = tenant.authorityHost() + "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token";
        GraphTestClient.Response r = client.postForm(url, form());
        assertEquals(400, r.status());
        assertEquals("invalid_request", r.json().get("error").asText());
        assertEquals(90002, r.json().get("error_codes").get(0).asInt());
    }

    @Test
    void scopeMustEndWithDefault() {
        Map<String, String> f = form();
        f.put("scope", "User.Read.All");
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), f);
        assertEquals(400, r.status());
        assertEquals("invalid_scope", r.json().get("error").asText());
        assertEquals(1002012, r.json().get("error_codes").get(0).asInt());
    }

    @Test
    void theOpenIdScopesMsalAddsAreIgnored() {
        Map<String, String> f = form();
        f.put("scope", "openid profile offline_access " + tenant.graphScope());
        assertEquals(200, client.postForm(tenant.tokenEndpoint(), f).status());
        f.put("scope", tenant.graphScope() + " https://other.example/.default");
        assertEquals(400, client.postForm(tenant.tokenEndpoint(), f).status(), "one resource per token");
    }

    @Test
    void otherGrantTypesAreUnsupported() {
        Map<String, String> f = form();
        f.put("grant_type", "password");
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), f);
        assertEquals(400, r.status());
        assertEquals("unsupported_grant_type", r.json().get("error").asText());
    }

    @Test
    void missingSecretIsInvalidRequest() {
        Map<String, String> f = form();
        f.remove("client_secret");
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), f);
        assertEquals(400, r.status());
        assertEquals(900144, r.json().get("error_codes").get(0).asInt());
    }

    @Test
    void shortLifetimeTokensExpireByTheTenantClock() {
        tenant.settings().tokenLifetime(Duration.ofSeconds(2));
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), form());
        assertEquals(2, r.json().get("expires_in").asInt());
        String token = r.json().get("access_token").asText();
        String url = client.graph("/users/delta?$deltatoken=latest");
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).build();
        assertEquals(200, client.send(req).status());
        tenant.clock().advance(Duration.ofSeconds(3));
        GraphTestClient.Response expired = client.send(req);
        assertEquals(401, expired.status());
        assertEquals("InvalidAuthenticationToken", expired.errorCode());
        assertTrue(expired.json().at("/error/message").asText().contains("expired"));
    }

    @Test
    void openIdMetadataAndInstanceDiscoveryPointAtTheSimulator() {
        GraphTestClient.Response r = client.getWithoutToken(
                tenant.authorityHost() + "/" + tenant.tenantId() + "/v2.0/.well-known/openid-configuration");
        assertEquals(200, r.status(), r.body());
        assertEquals(tenant.tokenEndpoint(), r.json().get("token_endpoint").asText());
        assertEquals(tenant.authorityHost() + "/" + tenant.tenantId() + "/v2.0", r.json().get("issuer").asText());
        assertTrue(r.json().get("authorization_endpoint").asText().startsWith(tenant.authorityHost()));

        GraphTestClient.Response d = client.getWithoutToken(tenant.authorityHost()
                + "/common/discovery/instance?api-version=1.1&authorization_endpoint=x");
        assertEquals(200, d.status());
        assertTrue(d.json().get("tenant_discovery_endpoint").asText().startsWith(tenant.authorityHost()));
        assertEquals(tenant.authorityHost().substring("https://".length()),
                d.json().at("/metadata/0/aliases/0").asText());
        assertEquals(2, tenant.journal().count(RequestKind.DISCOVERY));
    }
}
