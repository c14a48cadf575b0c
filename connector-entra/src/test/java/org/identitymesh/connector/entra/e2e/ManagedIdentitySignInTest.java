package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.testkit.entra.ManagedIdentityEndpoint;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.identitymesh.connector.testkit.entra.TokenGrant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Mode: ManagedIdentity} end to end: azure-identity's ManagedIdentityCredential against the simulated tenant's
 * App Service managed identity endpoint (plain HTTP on loopback, as the platform serves it) and Graph.
 *
 * <p>azure-identity 1.19 hands managed identity to MSAL4J 1.26, which picks the endpoint from the process environment
 * through {@code System.getenv} ({@code IDENTITY_ENDPOINT} with {@code IDENTITY_HEADER}); the builder's
 * {@code configuration(...)} does not reach it, and MSAL4J's own override is package-private. So the connector runs
 * in a forked JVM ({@link ManagedIdentityHost}) whose environment is set as App Service sets it.
 */
class ManagedIdentitySignInTest {

    private static final String UNKNOWN_IDENTITY = "0b1d0b1d-0000-4000-8000-00000000f00d";

    private static TenantFixture fixture;
    private static ManagedIdentityEndpoint endpoint;
    private static ForkedHost host;

    @BeforeAll
    static void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(14).users(30).groups(5).memberships(40).build(),
                s -> s.tokenLifetime(Duration.ofSeconds(2)));
        endpoint = fixture.tenant().managedIdentity();
        host = ForkedHost.start(environment(endpoint.environment()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        fixture.close();
    }

    /** Connector 0: the user-assigned identity; 1: the system-assigned one; 2: an identity the app does not have. */
    private static Map<String, String> environment(Map<String, String> identity) {
        Map<String, String> env = new HashMap<>(identity);
        env.put("ENTRA_CONFIG_JSON", fixture.configJson("\"MaxRetries\":1"));
        env.put("TRUST_PW", new String(TenantFixture.TRUST_PASSWORD));
        env.put("ENTRA_AUTH_JSON_0", "{\"Mode\":\"ManagedIdentity\",\"ClientId\":\"" + endpoint.userAssignedClientId()
                + "\"}");
        env.put("ENTRA_AUTH_JSON_1", "{\"Mode\":\"ManagedIdentity\"}");
        env.put("ENTRA_AUTH_JSON_2", "{\"Mode\":\"ManagedIdentity\",\"ClientId\":\"" + UNKNOWN_IDENTITY + "\"}");
        return env;
    }

    private static String expectedCounts() {
        var d = fixture.tenant().directory();
        long members = d.groups().mapToLong(g -> d.members(g.id()).size()).sum();
        return "ok users=" + d.users().count() + " groups=" + d.groups().count() + " members=" + members;
    }

    private static List<TokenGrant> grantsTo(String clientId) {
        return fixture.tenant().tokenGrants().stream().filter(g -> g.clientId().equals(clientId)).toList();
    }

    @Test
    void aUserAssignedIdentitySignsInImportsAndRenewsItsToken() throws Exception {
        String first = host.send("import 0");
        assertTrue(first.startsWith(expectedCounts() + " tokens="), first);
        int before = grantsTo(endpoint.userAssignedClientId()).size();
        assertTrue(before >= 1, fixture.tenant().tokenGrants()::toString);

        Thread.sleep(2_000); // the two-second token is now past the point where the connector renews it
        String second = host.send("import 0");
        assertTrue(second.startsWith(expectedCounts() + " tokens="), second);
        List<TokenGrant> grants = grantsTo(endpoint.userAssignedClientId());
        assertTrue(grants.size() > before, "the second import signed in anew: " + grants);
        assertTrue(grants.stream().allMatch(g -> g.credential() == TokenGrant.Credential.MANAGED_IDENTITY));
        assertEquals("ok", host.send("test 0"));
    }

    @Test
    void theSystemAssignedIdentitySignsInWithoutClientId() throws Exception {
        String result = host.send("import 1");
        assertTrue(result.startsWith(expectedCounts() + " tokens="), result);
        assertFalse(grantsTo(endpoint.systemAssignedClientId()).isEmpty());
        assertEquals(0, fixture.tenant().journal().count(RequestKind.TOKEN), "managed identity never calls Entra's "
                + "token endpoint itself");
    }

    @Test
    void anIdentityTheResourceDoesNotHaveFailsNamingClientId() throws Exception {
        String result = host.send("import 2");
        assertTrue(result.startsWith("failed AuthenticationException Signing in with the managed identity failed"),
                result);
        assertTrue(result.contains("ClientId") && result.contains("user-assigned"), result);
        assertTrue(grantsTo(UNKNOWN_IDENTITY).isEmpty());
        String test = host.send("test 2");
        assertTrue(test.startsWith("failed ") && test.contains("managed identity"), test);
    }

    @Test
    void aStaleIdentityHeaderFailsNamingThePlatformsVariables() throws Exception {
        Map<String, String> stale = new HashMap<>(endpoint.environment());
        stale.put("IDENTITY_HEADER", "stale-" + endpoint.identityHeader());
        long refusedBefore = fixture.tenant().journal().count(RequestKind.MANAGED_IDENTITY);
        try (ForkedHost other = ForkedHost.start(environment(stale))) {
            String result = other.send("import 1");
            assertTrue(result.startsWith("failed AuthenticationException Signing in with the managed identity failed"),
                    result);
            assertTrue(result.contains("IDENTITY_HEADER") && result.contains("restart"), result);
            assertFalse(result.contains(endpoint.identityHeader()), "the header is a secret: " + result);
        }
        assertTrue(fixture.tenant().journal().count(RequestKind.MANAGED_IDENTITY) > refusedBefore);
    }
}
