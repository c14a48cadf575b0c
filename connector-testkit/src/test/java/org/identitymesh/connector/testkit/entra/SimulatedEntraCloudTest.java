package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several tenants behind one server: each signs in with its own kind of credential (client secret, certificate,
 * managed identity) at its own token endpoint, and each token reads its own tenant's directory only, as in Microsoft's
 * cloud, where the Graph URL names no tenant and the token decides.
 */
class SimulatedEntraCloudTest {

    private SimulatedEntraCloud cloud;
    private SimulatedEntraTenant secretTenant;
    private SimulatedEntraTenant certificateTenant;
    private SimulatedEntraTenant managedTenant;
    private AppCertificate certificate;
    private HttpClient http;

    @BeforeEach
    void start() {
        cloud = SimulatedEntraCloud.start();
        secretTenant = cloud.addTenant(spec(1).build());
        certificateTenant = cloud.addTenant(SimulatedEntraTenant.builder().spec(spec(2).users(25)
                .domain("fabrikam.onmicrosoft.com").build()).tenantId("fabrikam-tenant"));
        certificate = certificateTenant.registerCertificate();
        managedTenant = cloud.addTenant(spec(3).users(12).build());
        http = HttpClient.newBuilder().sslContext(cloud.sslContext()).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private static TenantSpec.Builder spec(long seed) {
        return TenantSpec.builder().seed(seed).users(20).groups(3).memberships(20);
    }

    @Test
    void theTenantsShareTheServerAndHaveTheirOwnIdentities() {
        assertEquals(List.of(secretTenant, certificateTenant, managedTenant), cloud.tenants());
        for (SimulatedEntraTenant t : cloud.tenants()) {
            assertEquals(cloud.baseUrl(), t.graphEndpoint());
            assertEquals(cloud.baseUrl(), t.authorityHost());
            assertEquals(cloud.certificate(), t.certificate());
            assertEquals(t, cloud.tenant(t.tenantId().toUpperCase(java.util.Locale.ROOT)).orElseThrow());
        }
        assertEquals(3, cloud.tenants().stream().map(SimulatedEntraTenant::tenantId).distinct().count());
        assertEquals(3, cloud.tenants().stream().map(SimulatedEntraTenant::clientSecret).distinct().count());
        assertEquals("fabrikam-tenant", certificateTenant.tenantId());
        assertTrue(cloud.tenant("someone-else").isEmpty());
    }

    @Test
    void eachCredentialGetsATokenThatReadsItsOwnTenantOnly() throws Exception {
        Map<SimulatedEntraTenant, String> tokens = new LinkedHashMap<>();
        tokens.put(secretTenant, secretToken(secretTenant));
        tokens.put(certificateTenant, certificateToken());
        tokens.put(managedTenant, managedIdentityToken());

        Set<String> seen = new HashSet<>();
        for (Map.Entry<SimulatedEntraTenant, String> e : tokens.entrySet()) {
            Set<String> ids = usersRound(e.getValue());
            assertEquals(e.getKey().directory().users().map(ObjectSnapshot::id).collect(Collectors.toSet()), ids,
                    "the users of " + e.getKey().tenantId());
            ids.forEach(id -> assertTrue(seen.add(id), "no user is listed for two tenants: " + id));
        }
        assertEquals(TokenGrant.Credential.CLIENT_SECRET, secretTenant.tokenGrants().get(0).credential());
        assertEquals(TokenGrant.Credential.CERTIFICATE, certificateTenant.tokenGrants().get(0).credential());
        assertEquals(TokenGrant.Credential.MANAGED_IDENTITY, managedTenant.tokenGrants().get(0).credential());
    }

    @Test
    void aTokenNeverReachesAnotherTenantsObjectsOrLinks() throws Exception {
        String token = secretToken(secretTenant);
        String otherUser = certificateTenant.directory().users().findFirst().orElseThrow().id();
        String otherGroup = certificateTenant.directory().groups().findFirst().orElseThrow().id();

        Response user = get(cloud.graphEndpoint() + "/v1.0/users/" + otherUser, token);
        assertEquals(404, user.status(), user.body());
        Response members = get(cloud.graphEndpoint() + "/v1.0/groups/" + otherGroup + "/members", token);
        assertEquals(404, members.status(), members.body());
        Response batch = post(cloud.graphEndpoint() + "/v1.0/$batch", token, "application/json",
                "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/" + otherUser + "\"}]}");
        assertEquals(404, batch.json().get("responses").get(0).get("status").asInt(), batch.body());

        // the other tenant's delta link, followed with this tenant's token: refused, nothing of it listed
        Response latest = get(cloud.graphEndpoint() + "/v1.0/users/delta?$deltatoken=latest", certificateToken());
        String otherLink = latest.json().get("@odata.deltaLink").asText();
        certificateTenant.directory().updateUser(otherUser, Map.of("jobTitle", "Changed"));
        Response followed = get(otherLink, token);
        assertEquals(400, followed.status(), followed.body());
        assertFalse(followed.body().contains(otherUser), followed.body());
        assertEquals(1, certificateTenant.journal().count(RequestKind.USERS_DELTA));
        assertEquals(1, secretTenant.journal().count(RequestKind.USERS_DELTA),
                "the refused request counted for the tenant whose token it carried");
    }

    @Test
    void aTokenTheCloudDidNotIssueOrOfATenantThatLeftIs401() throws Exception {
        try (SimulatedEntraCloud other = SimulatedEntraCloud.start()) {
            // the same seed gives the same tenant id: only the token tells the two apart
            SimulatedEntraTenant twin = other.addTenant(spec(1).build());
            assertEquals(secretTenant.tenantId(), twin.tenantId());
            String foreign = tokenAt(other, twin.tokenEndpoint(), twin.clientId(), twin.clientSecret());
            Response r = get(cloud.graphEndpoint() + "/v1.0/users/delta?$deltatoken=latest", foreign);
            assertEquals(401, r.status(), r.body());
            assertEquals("InvalidAuthenticationToken", r.json().get("error").get("code").asText());
        }

        String managed = managedIdentityToken();
        assertEquals(200, get(cloud.graphEndpoint() + "/v1.0/users/delta?$deltatoken=latest", managed).status());
        managedTenant.close();
        assertEquals(List.of(secretTenant, certificateTenant), cloud.tenants());
        Response after = get(cloud.graphEndpoint() + "/v1.0/users/delta?$deltatoken=latest", managed);
        assertEquals(401, after.status(), after.body());
        Response signIn = post(managedTenant.tokenEndpoint(), null, "application/x-www-form-urlencoded",
                form(managedTenant.clientId(), managedTenant.clientSecret()));
        assertEquals(400, signIn.status(), signIn.body());
        assertEquals(90002, signIn.json().get("error_codes").get(0).asInt());
        assertEquals(200, get(cloud.graphEndpoint() + "/v1.0/users/delta?$deltatoken=latest",
                secretToken(secretTenant)).status(), "the other tenants go on");
    }

    @Test
    void credentialsAreOnlyAcceptedAtTheirOwnTenant() throws Exception {
        Response elsewhere = post(certificateTenant.tokenEndpoint(), null, "application/x-www-form-urlencoded",
                form(secretTenant.clientId(), secretTenant.clientSecret()));
        assertEquals(400, elsewhere.status(), elsewhere.body());
        assertEquals(700016, elsewhere.json().get("error_codes").get(0).asInt(), "application not found there");

        // one multi-tenant application registered in two tenants, with a secret in each
        SimulatedEntraTenant first = cloud.addTenant(SimulatedEntraTenant.builder().spec(spec(4).build())
                .clientId("shared-app").clientSecret("first-secret"));
        SimulatedEntraTenant second = cloud.addTenant(SimulatedEntraTenant.builder().spec(spec(5).build())
                .clientId("shared-app").clientSecret("second-secret"));
        Response wrongSecret = post(second.tokenEndpoint(), null, "application/x-www-form-urlencoded",
                form("shared-app", "first-secret"));
        assertEquals(401, wrongSecret.status(), wrongSecret.body());
        assertEquals(7000215, wrongSecret.json().get("error_codes").get(0).asInt());
        String token = tokenAt(cloud, first.tokenEndpoint(), "shared-app", "first-secret");
        assertEquals(first.directory().userCount(), usersRound(token).size());

        // the certificate of one tenant's app is not registered with another's
        Response assertion = post(secretTenant.tokenEndpoint(), null, "application/x-www-form-urlencoded",
                assertionForm(secretTenant, Jwt.sign(msalHeader(certificate), claims(secretTenant),
                        certificate.privateKey())));
        assertEquals(401, assertion.status(), assertion.body());
        assertEquals(700027, assertion.json().get("error_codes").get(0).asInt());
    }

    @Test
    void aDomainNamesATenantOnlyWhenNoOtherTenantHasIt() throws Exception {
        String unique = cloud.authorityHost() + "/fabrikam.onmicrosoft.com/oauth2/v2.0/token";
        assertEquals(200, post(unique, null, "application/x-www-form-urlencoded",
                form(certificateTenant.clientId(), certificateTenant.clientSecret())).status());
        // two tenants were generated with the default domain: it names neither
        String shared = cloud.authorityHost() + "/contoso.onmicrosoft.com/oauth2/v2.0/token";
        Response r = post(shared, null, "application/x-www-form-urlencoded",
                form(secretTenant.clientId(), secretTenant.clientSecret()));
        assertEquals(400, r.status(), r.body());
        assertEquals(90002, r.json().get("error_codes").get(0).asInt());
    }

    @Test
    void metadataAndInstanceDiscoveryNameTheTenantAskedFor() throws Exception {
        Response metadata = get(cloud.authorityHost() + "/" + certificateTenant.tenantId()
                + "/v2.0/.well-known/openid-configuration", null);
        assertEquals(certificateTenant.tokenEndpoint(), metadata.json().get("token_endpoint").asText());
        Response discovery = get(cloud.authorityHost() + "/common/discovery/instance?api-version=1.1"
                + "&authorization_endpoint=" + URLEncoder.encode(cloud.authorityHost() + "/" + managedTenant.tenantId()
                        + "/oauth2/v2.0/authorize", StandardCharsets.UTF_8), null);
        assertTrue(discovery.json().get("tenant_discovery_endpoint").asText().contains("/" + managedTenant.tenantId()
                + "/"), discovery.body());
        Response unknown = get(cloud.authorityHost() + "/nobody/v2.0/.well-known/openid-configuration", null);
        assertEquals(400, unknown.status());
        assertEquals("invalid_tenant", unknown.json().get("error").asText());
    }

    @Test
    void eachTenantCountsItsRequestsAndTheCloudCountsThemAll() throws Exception {
        cloud.journal().reset();
        String a = secretToken(secretTenant);
        String b = certificateToken();
        usersRound(a);
        usersRound(b);
        usersRound(b);
        Response anonymous = get(cloud.graphEndpoint() + "/v1.0/users/delta", null);
        assertEquals(401, anonymous.status());

        assertEquals(1, secretTenant.journal().count(RequestKind.TOKEN));
        assertEquals(1, certificateTenant.journal().count(RequestKind.TOKEN));
        assertEquals(0, managedTenant.journal().total());
        long pagesA = secretTenant.journal().count(RequestKind.USERS_DELTA);
        long pagesB = certificateTenant.journal().count(RequestKind.USERS_DELTA);
        assertTrue(pagesA >= 1 && pagesB >= 2, secretTenant.journal() + " " + certificateTenant.journal());
        assertEquals(pagesA + pagesB + 1, cloud.journal().count(RequestKind.USERS_DELTA), "and the anonymous one");
        assertEquals(secretTenant.journal().total() + certificateTenant.journal().total() + 1,
                cloud.journal().total());
        assertEquals(1, cloud.journal().connectionsOpened(), "one pooled connection carried every tenant's requests");
        assertEquals(1, secretTenant.journal().connectionsOpened(), "a tenant reports its server's connections");
        secretTenant.journal().reset();
        assertEquals(0, secretTenant.journal().total());
        assertNotEquals(0, cloud.journal().total(), "a tenant's reset leaves the cloud's journal alone");
    }

    @Test
    void aTenantsFaultsHitItsRequestsOnlyAndTheCloudsHitEveryone() throws Exception {
        String a = secretToken(secretTenant);
        String b = certificateToken();
        String latest = cloud.graphEndpoint() + "/v1.0/users/delta?$deltatoken=latest";
        certificateTenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "1"));
        assertEquals(200, get(latest, a).status());
        assertEquals(429, get(latest, b).status());
        assertEquals(200, get(latest, b).status());

        cloud.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(503, "2"), 2);
        assertEquals(503, get(latest, a).status());
        assertEquals(503, get(latest, b).status());
        assertEquals(200, get(latest, a).status());
        assertEquals(1, secretTenant.journal().faults(RequestKind.USERS_DELTA));
        assertEquals(2, certificateTenant.journal().faults(RequestKind.USERS_DELTA));
        assertEquals(3, cloud.journal().faults(RequestKind.USERS_DELTA));
    }

    @Test
    void mistakesInBuildingTheCloudAreRefusedClearly() {
        IllegalArgumentException twin = assertThrows(IllegalArgumentException.class,
                () -> cloud.addTenant(spec(1).build()));
        assertTrue(twin.getMessage().contains("already serves a tenant with id '" + secretTenant.tenantId() + "'"),
                twin.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> cloud.addTenant(SimulatedEntraTenant.builder().spec(spec(9).build()).port(8443)));
        assertTrue(port.getMessage().startsWith("port is an option of the cloud's server"), port.getMessage());
        cloud.close();
        assertThrows(IllegalStateException.class, () -> cloud.addTenant(spec(10).build()));
        assertThrows(IllegalStateException.class, managedTenant::managedIdentity);
    }

    // --- sign-in with each kind of credential

    private String secretToken(SimulatedEntraTenant t) throws Exception {
        return tokenAt(cloud, t.tokenEndpoint(), t.clientId(), t.clientSecret());
    }

    private String tokenAt(SimulatedEntraCloud at, String endpoint, String clientId, String secret) throws Exception {
        HttpClient client = at == cloud ? http : HttpClient.newBuilder().sslContext(at.sslContext()).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(clientId, secret))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return GraphTestClient.MAPPER.readTree(r.body()).get("access_token").asText();
    }

    private String form(String clientId, String secret) {
        return "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&scope=" + enc(cloud.graphScope());
    }

    private String certificateToken() throws Exception {
        String assertion = Jwt.sign(msalHeader(certificate), claims(certificateTenant), certificate.privateKey());
        Response r = post(certificateTenant.tokenEndpoint(), null, "application/x-www-form-urlencoded",
                assertionForm(certificateTenant, assertion));
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }

    private String assertionForm(SimulatedEntraTenant t, String assertion) {
        return "grant_type=client_credentials&client_id=" + enc(t.clientId()) + "&client_assertion_type="
                + enc(ClientAssertions.JWT_BEARER) + "&client_assertion=" + enc(assertion) + "&scope="
                + enc(cloud.graphScope());
    }

    private static ObjectNode msalHeader(AppCertificate c) throws Exception {
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded());
        return Json.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT")
                .put("x5t#S256", Base64.getEncoder().encodeToString(sha256));
    }

    private static ObjectNode claims(SimulatedEntraTenant t) {
        Instant now = Instant.now();
        return Json.MAPPER.createObjectNode().put("aud", t.tokenEndpoint()).put("iss", t.clientId())
                .put("sub", t.clientId()).put("jti", UUID.randomUUID().toString()).put("nbf", now.getEpochSecond())
                .put("exp", now.plus(Duration.ofMinutes(10)).getEpochSecond());
    }

    private String managedIdentityToken() throws Exception {
        ManagedIdentityEndpoint endpoint = managedTenant.managedIdentity();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                endpoint.identityEndpoint() + "?api-version=" + ManagedIdentityEndpoint.API_VERSION + "&resource="
                        + enc(cloud.graphEndpoint()))).header("X-IDENTITY-HEADER", endpoint.identityHeader()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return GraphTestClient.MAPPER.readTree(r.body()).get("access_token").asText();
    }

    // --- Graph

    /** The ids of a full users round read with a token. */
    private Set<String> usersRound(String token) throws Exception {
        Set<String> ids = new HashSet<>();
        String next = cloud.graphEndpoint() + "/v1.0/users/delta?$select=id,displayName";
        while (next != null) {
            Response page = get(next, token);
            assertEquals(200, page.status(), page.body());
            page.json().get("value").forEach(u -> ids.add(u.get("id").asText()));
            JsonNode nextLink = page.json().get("@odata.nextLink");
            next = nextLink == null ? null : nextLink.asText();
        }
        return ids;
    }

    private record Response(int status, String body) {
        JsonNode json() throws Exception {
            return GraphTestClient.MAPPER.readTree(body);
        }
    }

    private Response get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private Response post(String url, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
