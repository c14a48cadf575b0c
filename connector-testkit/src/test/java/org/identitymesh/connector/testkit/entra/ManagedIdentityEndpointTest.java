package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The App Service managed identity endpoint as MSAL4J calls it, and its refusals. */
class ManagedIdentityEndpointTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

    private SimulatedEntraTenant tenant;
    private ManagedIdentityEndpoint endpoint;
    private GraphTestClient graph;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        tenant = SimulatedEntraTenant.builder().spec(TenantSpec.builder().users(5).groups(1).memberships(2).build())
                .clock(SimulatedClock.fixed(START)).settings(s -> s.tokenLifetime(Duration.ofMinutes(30))).start();
        endpoint = tenant.managedIdentity();
        graph = new GraphTestClient(tenant);
    }

    @AfterEach
    void stop() {
        tenant.close();
    }

    /** GET as MSAL4J's AppServiceManagedIdentitySource sends it. */
    private JsonResponse get(String header, Map<String, String> query) throws Exception {
        StringBuilder url = new StringBuilder(endpoint.identityEndpoint()).append('?');
        query.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).GET();
        if (header != null) {
            b.header("X-IDENTITY-HEADER", header);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new JsonResponse(r.statusCode(), GraphTestClient.MAPPER.readTree(r.body()));
    }

    private record JsonResponse(int status, JsonNode json) {
    }

    private Map<String, String> query(String... more) {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("api-version", "2019-08-01");
        q.put("resource", tenant.graphEndpoint());
        for (int i = 0; i < more.length; i += 2) {
            q.put(more[i], more[i + 1]);
        }
        return q;
    }

    @Test
    void isPlainHttpOnLoopbackAndDescribedByThePlatformsVariables() {
        assertTrue(endpoint.identityEndpoint().matches("http://127\\.0\\.0\\.1:\\d+/msi/token"), endpoint.identityEndpoint());
        assertEquals(Map.of("IDENTITY_ENDPOINT", endpoint.identityEndpoint(), "IDENTITY_HEADER", endpoint.identityHeader()),
                endpoint.environment());
        assertTrue(endpoint == tenant.managedIdentity(), "one endpoint per tenant");
        assertTrue(!endpoint.toString().contains(endpoint.identityHeader()));
    }

    @Test
    void issuesGraphTokensForTheSystemAndTheUserAssignedIdentity() throws Exception {
        JsonResponse system = get(endpoint.identityHeader(), query());
        assertEquals(200, system.status(), system.json()::toString);
        assertEquals(endpoint.systemAssignedClientId(), system.json().get("client_id").asText());
        assertEquals("Bearer", system.json().get("token_type").asText());
        assertEquals(tenant.graphEndpoint(), system.json().get("resource").asText());
        assertEquals(Long.toString(START.plus(Duration.ofMinutes(30)).getEpochSecond()),
                system.json().get("expires_on").asText());

        JsonResponse user = get(endpoint.identityHeader(), query("client_id", endpoint.userAssignedClientId()));
        assertEquals(200, user.status());
        assertEquals(endpoint.userAssignedClientId(), user.json().get("client_id").asText());
        String token = user.json().get("access_token").asText();
        GraphTestClient.Response r = graph.send(HttpRequest.newBuilder(URI.create(graph.graph("/users/delta?$deltatoken=latest")))
                .header("Authorization", "Bearer " + token).build());
        assertEquals(200, r.status(), r.body());

        assertEquals(List.of(new TokenGrant(START, endpoint.systemAssignedClientId(),
                TokenGrant.Credential.MANAGED_IDENTITY, ""), new TokenGrant(START, endpoint.userAssignedClientId(),
                TokenGrant.Credential.MANAGED_IDENTITY, "")), tenant.tokenGrants());
        assertEquals(2, tenant.journal().count(RequestKind.MANAGED_IDENTITY));
    }

    @Test
    void refusesAWrongOrMissingHeader() throws Exception {
        for (String header : new String[] {null, "stale-" + endpoint.identityHeader()}) {
            JsonResponse r = get(header, query());
            assertEquals(401, r.status());
            assertEquals(401, r.json().get("statusCode").asInt());
            assertTrue(r.json().get("message").asText().contains("X-IDENTITY-HEADER"), r.json()::toString);
        }
        assertEquals(List.of(), tenant.tokenGrants());
    }

    @Test
    void refusesAnIdentityTheAppDoesNotHave() throws Exception {
        for (String[] id : new String[][] {{"client_id", "00000000-0000-0000-0000-0000000000aa"},
            {"object_id", "00000000-0000-0000-0000-0000000000bb"}}) {
            JsonResponse r = get(endpoint.identityHeader(), query(id));
            assertEquals(400, r.status());
            assertEquals("Unable to load the proper Managed Identity.", r.json().get("message").asText());
            assertTrue(r.json().has("correlationId"));
        }
    }

    @Test
    void refusesOtherResourcesAndVersions() throws Exception {
        JsonResponse other = get(endpoint.identityHeader(), query("resource", "https://vault.azure.net"));
        assertEquals(400, other.status());
        assertTrue(other.json().get("message").asText().startsWith("AADSTS500011: "), other.json()::toString);
        assertEquals(400, get(endpoint.identityHeader(), query("api-version", "2017-09-01")).status());
        Map<String, String> noResource = query();
        noResource.remove("resource");
        assertEquals(400, get(endpoint.identityHeader(), noResource).status());
    }

    @Test
    void takesInjectedFaultsAndStopsWithTheTenant() throws Exception {
        tenant.faults().inject(RequestKind.MANAGED_IDENTITY, Fault.throttled(429, "1"));
        JsonResponse r = get(endpoint.identityHeader(), query());
        assertEquals(429, r.status());
        assertEquals(429, r.json().get("statusCode").asInt());
        assertEquals(1, tenant.journal().faults(RequestKind.MANAGED_IDENTITY));
        tenant.close();
        assertThrows(IOException.class, () -> get(endpoint.identityHeader(), query()));
        assertThrows(IllegalStateException.class, tenant::managedIdentity);
    }
}
