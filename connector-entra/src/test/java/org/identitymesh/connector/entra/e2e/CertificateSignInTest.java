package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.EntraIdConnector;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.AppCertificate;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.identitymesh.connector.testkit.entra.TokenGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Mode: ClientCertificate} end to end: azure-identity's ClientCertificateCredential (MSAL4J signs a client
 * assertion with the certificate's key) against the simulated tenant, which checks the assertion as Entra does. With
 * two-second tokens, a pause between imports makes the connector renew its token with a new assertion, as an hour
 * does in production.
 */
class CertificateSignInTest {

    private static final String USERS_ONLY = "\"ImportGroups\":false";

    private TenantFixture fixture;
    private HostReplica host;
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(12).users(40).groups(6).memberships(60).build(),
                s -> { });
        host = new HostReplica(new EntraIdProvider().descriptor());
        dir = Files.createTempDirectory("entra-cert");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private String authJson(String certificate, String password) {
        return "{\"Mode\":\"ClientCertificate\",\"ClientId\":\"" + fixture.tenant().clientId() + "\",\"Certificate\":"
                + TenantFixture.json(certificate) + (password == null ? "" : ",\"CertificatePassword\":"
                + TenantFixture.json(password)) + "}";
    }

    private EntraIdConnector connector(String extra, String authJson, Map<String, String> secrets) {
        return fixture.connector(extra, authJson, secrets);
    }

    private List<TokenGrant> grants() {
        return fixture.tenant().tokenGrants();
    }

    @Test
    void signsInWithAPemCertificateImportsAndRenewsItsTokenWithANewAssertion() throws Exception {
        fixture.tenant().settings().tokenLifetime(Duration.ofSeconds(2));
        AppCertificate certificate = fixture.tenant().registerCertificate();
        try (EntraIdConnector connector = connector("", authJson("env:ENTRA_CERT", null),
                Map.of("ENTRA_CERT", certificate.pem()))) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            TokenGrant first = grants().get(0);
            assertEquals(new TokenGrant(first.issuedAt(), fixture.tenant().clientId(), TokenGrant.Credential.CERTIFICATE,
                    certificate.thumbprint()), first);

            var directory = fixture.tenant().directory();
            directory.updateUser(directory.users().findFirst().orElseThrow().id(), Map.of("jobTitle", "Surveyor"));
            int before = grants().size();
            Thread.sleep(2_000); // the token is now past the point where the connector renews it
            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
            assertEquals(1, delta.type("User").orElseThrow().upserted());
            assertTrue(grants().size() > before, "the delta import signed in anew: " + grants());
            assertEquals(fixture.tenant().journal().count(RequestKind.TOKEN), grants().size(), "every sign-in succeeded");
            assertEquals(connector.tokenAcquisitions(), grants().size());
            assertTrue(grants().stream().allMatch(g -> g.credential() == TokenGrant.Credential.CERTIFICATE
                    && g.credentialId().equals(certificate.thumbprint())), grants()::toString);
            assertTrue(connector.testConnection().successful());
        }
    }

    @Test
    void aPkcs12FileWithItsPasswordAndAPemFileSignInToo() throws Exception {
        AppCertificate certificate = fixture.tenant().registerCertificate();
        char[] password = "pfx-Pa55".toCharArray();
        String pfx = Base64.getMimeEncoder().encodeToString(certificate.pkcs12(password));
        try (EntraIdConnector connector = connector(USERS_ONLY, authJson("env:ENTRA_PFX", "env:ENTRA_PFX_PW"),
                Map.of("ENTRA_PFX", pfx, "ENTRA_PFX_PW", new String(password)))) {
            host.runImport(connector, ImportRequest.full());
        }
        Path pem = dir.resolve("client.pem");
        certificate.writePem(pem);
        try (EntraIdConnector connector = connector(USERS_ONLY, authJson("file:" + pem, null), Map.of())) {
            host.runImport(connector, ImportRequest.full());
        }
        assertEquals(List.of(certificate.thumbprint(), certificate.thumbprint()),
                grants().stream().map(TokenGrant::credentialId).toList());
        assertEquals(fixture.tenant().directory().users().count(), host.snapshot().get("User").size());
    }

    @Test
    void aCertificateThatIsNotRegisteredFailsNamingTheFix() {
        fixture.tenant().registerCertificate();
        AppCertificate unregistered = AppCertificate.generate("not-uploaded");
        try (EntraIdConnector connector = connector("", authJson("env:ENTRA_CERT", null),
                Map.of("ENTRA_CERT", unregistered.pem()))) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().startsWith("Signing in to Entra failed with AADSTS700027: "), e.getMessage());
            assertTrue(e.getMessage().contains("Certificate") && e.getMessage().contains("upload"), e.getMessage());
            assertMentionsNoKeyMaterial(e.getMessage(), unregistered);
            assertEquals(0, fixture.tenant().journal().count(RequestKind.USERS_DELTA), "no Graph request without a token");

            ConnectionTestResult test = connector.testConnection();
            assertFalse(test.successful());
            assertTrue(test.steps().get(0).message().contains("AADSTS700027"), test::toString);
        }
        assertEquals(List.of(), grants());
    }

    @Test
    void anAssertionTheTenantSeesAsExpiredFailsNamingTheHostsClock() {
        AppCertificate certificate = fixture.tenant().registerCertificate();
        // the host's clock is 30 minutes behind Entra's: MSAL4J's assertion (valid 10 minutes) has long expired there
        fixture.tenant().clock().advance(Duration.ofMinutes(30));
        try (EntraIdConnector connector = connector("", authJson("env:ENTRA_CERT", null),
                Map.of("ENTRA_CERT", certificate.pem()))) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().startsWith("Signing in to Entra failed with AADSTS700024: "), e.getMessage());
            assertTrue(e.getMessage().contains("clock"), e.getMessage());
            assertMentionsNoKeyMaterial(e.getMessage(), certificate);
        }
    }

    @Test
    void certificatesAzureIdentityCannotReadAreRefusedNamingTheFieldAndTheFix() {
        AppCertificate certificate = fixture.tenant().registerCertificate();
        String pkcs1 = certificate.certificatePem()
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n";
        Map<String, String> expected = Map.of(
                certificate.certificatePem(), "AuthJson.Certificate: PEM text with the certificate and its unencrypted "
                        + "PKCS#8 RSA private key; it holds no private key",
                pkcs1, "openssl pkcs8 -topk8 -nocrypt");
        for (Map.Entry<String, String> c : expected.entrySet()) {
            try (EntraIdConnector connector = connector("", authJson("env:ENTRA_CERT", null),
                    Map.of("ENTRA_CERT", c.getKey()))) {
                ConfigurationException e = assertThrows(ConfigurationException.class,
                        () -> connector.importChanges(ImportRequest.full(), r -> { }));
                assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            }
        }
        String pfx = Base64.getEncoder().encodeToString(certificate.pkcs12("right".toCharArray()));
        try (EntraIdConnector connector = connector("", authJson("env:ENTRA_PFX", "env:ENTRA_PFX_PW"),
                Map.of("ENTRA_PFX", pfx, "ENTRA_PFX_PW", "wrong"))) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().contains("AuthJson.CertificatePassword"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong") || e.getMessage().contains("right"), e.getMessage());
        }
        assertEquals(0, fixture.tenant().journal().total(), "nothing is sent with a certificate that cannot be read");
    }

    private static void assertMentionsNoKeyMaterial(String message, AppCertificate certificate) {
        String key = Base64.getEncoder().encodeToString(certificate.privateKey().getEncoded());
        for (int i = 0; i + 40 <= key.length(); i += 40) {
            assertFalse(message.contains(key.substring(i, i + 40)), "a piece of the private key is in the message");
        }
        assertFalse(message.contains("eyJ"), "a JWT (the assertion) is in the message: " + message);
    }
}
