package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.EntraIdConnector;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.FederatedToken;
import org.identitymesh.connector.testkit.entra.FederatedTokenIssuer;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.identitymesh.connector.testkit.entra.TokenGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Mode: WorkloadIdentity} end to end: azure-identity's WorkloadIdentityCredential reads the federated token
 * from {@code TokenFilePath} and exchanges it as a client assertion at the simulated tenant, which plays both Entra
 * and the cluster's OIDC issuer and checks issuer, subject, audience, signature and validity. The file is rotated the
 * way the kubelet rotates a projected service account token.
 */
class WorkloadIdentitySignInTest {

    private static final String SUBJECT = "system:serviceaccount:identity-sync:entra-connector";

    private TenantFixture fixture;
    private FederatedTokenIssuer issuer;
    private HostReplica host;
    private Path dir;
    private Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(13).users(40).groups(6).memberships(60).build(),
                s -> { });
        issuer = fixture.tenant().federatedIssuer();
        fixture.tenant().addFederatedCredential(issuer, SUBJECT);
        host = new HostReplica(new EntraIdProvider().descriptor());
        dir = Files.createTempDirectory("entra-workload");
        tokenFile = dir.resolve("azure-identity-token");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        Files.deleteIfExists(tokenFile);
        Files.delete(dir);
    }

    private EntraIdConnector connector() {
        return fixture.connector("", "{\"Mode\":\"WorkloadIdentity\",\"ClientId\":\"" + fixture.tenant().clientId()
                + "\",\"TokenFilePath\":" + TenantFixture.json(tokenFile.toString()) + "}", Map.of());
    }

    private List<TokenGrant> grants() {
        return fixture.tenant().tokenGrants();
    }

    @Test
    void exchangesTheTokenFileImportsAndUsesTheRotatedFileForTheNextToken() throws Exception {
        fixture.tenant().settings().tokenLifetime(Duration.ofSeconds(2));
        FederatedToken first = issuer.issue(SUBJECT, Duration.ofMinutes(10));
        first.writeTo(tokenFile);
        try (EntraIdConnector connector = connector()) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertTrue(grants().stream().allMatch(g -> g.credential() == TokenGrant.Credential.FEDERATED_TOKEN
                    && g.credentialId().equals(first.id())), grants()::toString);

            // the kubelet refreshes the projected token; then the first one expires by Entra's clock
            FederatedToken second = issuer.issue(SUBJECT, Duration.ofHours(1));
            second.writeTo(tokenFile);
            fixture.tenant().clock().advance(Duration.ofMinutes(20));
            var directory = fixture.tenant().directory();
            directory.updateUser(directory.users().findFirst().orElseThrow().id(), Map.of("department", "Tides"));
            Thread.sleep(2_000); // the access token is now past the point where the connector renews it

            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertEquals(1, delta.type("User").orElseThrow().upserted());
            TokenGrant last = grants().get(grants().size() - 1);
            assertEquals(TokenGrant.Credential.FEDERATED_TOKEN, last.credential());
            assertEquals(second.id(), last.credentialId(), "the next token was exchanged for the rotated file");
            assertEquals(fixture.tenant().journal().count(RequestKind.TOKEN), grants().size(), "no sign-in failed");
            assertEquals(connector.tokenAcquisitions(), grants().size());
        }
    }

    @Test
    void anExpiredTokenFileFailsNamingTheRefresh() {
        issuer.issue(SUBJECT, Duration.ofMinutes(10)).writeTo(tokenFile);
        fixture.tenant().clock().advance(Duration.ofMinutes(20));
        try (EntraIdConnector connector = connector()) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().startsWith("Signing in to Entra failed with AADSTS700024: "), e.getMessage());
            assertTrue(e.getMessage().contains("token file") && e.getMessage().contains("TokenFilePath"),
                    e.getMessage());
            assertNoJwt(e);
            assertFalse(connector.testConnection().successful());
        }
        assertEquals(List.of(), grants());
    }

    @Test
    void aTokenForAnotherServiceAccountFailsNamingTheSubject() {
        issuer.issue("system:serviceaccount:identity-sync:default", Duration.ofMinutes(10)).writeTo(tokenFile);
        try (EntraIdConnector connector = connector()) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().startsWith("Signing in to Entra failed with AADSTS700213: "), e.getMessage());
            assertTrue(e.getMessage().contains("Subject"), e.getMessage());
            assertNoJwt(e);
        }
    }

    @Test
    void aTokenOfAnUntrustedIssuerFailsNamingTheIssuer() {
        FederatedTokenIssuer other = FederatedTokenIssuer.generate("https://oidc.other-cluster.invalid/",
                fixture.tenant().clock());
        other.issue(SUBJECT, Duration.ofMinutes(10)).writeTo(tokenFile);
        try (EntraIdConnector connector = connector()) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().startsWith("Signing in to Entra failed with AADSTS700211: "), e.getMessage());
            assertTrue(e.getMessage().contains("Issuer"), e.getMessage());
            assertNoJwt(e);
        }
    }

    @Test
    void aMissingTokenFileFailsNamingTheFile() {
        try (EntraIdConnector connector = connector()) {
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e instanceof AuthenticationException, e.getClass() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(tokenFile.toString()) && e.getMessage().contains("TokenFilePath"),
                    e.getMessage());
            assertEquals(0, fixture.tenant().journal().count(RequestKind.TOKEN), "nothing to exchange");
        }
    }

    private static void assertNoJwt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("eyJ"), "a JWT in " + t.getClass() + ": " + t.getMessage());
        }
    }
}
