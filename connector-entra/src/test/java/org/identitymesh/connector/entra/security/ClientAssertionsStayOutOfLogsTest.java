package org.identitymesh.connector.entra.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.entra.reliability.Configs;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.entra.AppCertificate;
import org.identitymesh.connector.testkit.entra.FederatedToken;
import org.identitymesh.connector.testkit.entra.FederatedTokenIssuer;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The certificate's private key, the client assertions MSAL4J signs with it, the federated tokens of workload identity
 * and every bearer token never appear in any log event (every logger at TRACE) nor in any exception or connection test
 * a host sees: across imports, a connection test and failed sign-ins of both modes. The assertions and tokens searched
 * for are the real ones, learned on the wire by a recording proxy.
 */
class ClientAssertionsStayOutOfLogsTest {

    private static final String SUBJECT = "system:serviceaccount:identity-sync:entra-connector";

    private static TenantFixture fixture;
    private static RecordingProxy proxy;
    private static Path dir;

    private LogCapture.Session session;
    private final List<Object> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(6).users(30).groups(4).memberships(40).build(),
                s -> { });
        proxy = new RecordingProxy(fixture.tenant().baseUrl(), fixture.tenant().sslContext());
        fixture.tenant().addAuthorityAlias(proxy.baseUrl()); // MSAL4J addresses assertions to the proxy's endpoint
        dir = Files.createTempDirectory("assertion-leaks");
        proxy.writeTrustStore(dir.resolve("trust.p12"), "trust-pw".toCharArray(), List.of(fixture.tenant().certificate()));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        fixture.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @BeforeEach
    void capture() {
        session = LogCapture.open();
    }

    @AfterEach
    void release() {
        session.close();
    }

    private static Connector connector(String authJson, Map<String, String> secrets) {
        String config = Configs.with(fixture.configJson(""), "\"GraphEndpoint\":\"" + proxy.baseUrl()
                + "\",\"AuthorityHost\":\"" + proxy.baseUrl() + "\",\"TrustStorePath\":"
                + TenantFixture.json(dir.resolve("trust.p12").toString()) + ",\"PageSize\":10,\"MaxRetries\":1");
        return ConnectorProviders.discover().require("EntraId").create(ConnectorConfiguration.of(config, authJson,
                fixture.resolver(secrets)));
    }

    @Test
    void certificateSignInsLeakNeitherTheKeyNorAnAssertion() {
        AppCertificate registered = fixture.tenant().registerCertificate();
        AppCertificate unregistered = AppCertificate.generate("not-uploaded");
        String auth = "{\"Mode\":\"ClientCertificate\",\"ClientId\":\"" + fixture.tenant().clientId()
                + "\",\"Certificate\":\"env:ENTRA_CERT\"}";
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = connector(auth, Map.of("ENTRA_CERT", registered.pem()))) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            outputs.add(host.runImport(connector, ImportRequest.delta(full.watermark())));
            ConnectionTestResult test = connector.testConnection();
            assertTrue(test.successful(), test::toString);
            outputs.add(test);
        }
        try (Connector connector = connector(auth, Map.of("ENTRA_CERT", unregistered.pem()))) {
            outputs.add(assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { })));
            outputs.add(connector.testConnection());
        }
        assertTrue(proxy.clientAssertions().size() >= 2, "the proxy learned the assertions");
        LeakCheck check = check().forbidAll("a client assertion", proxy.clientAssertions())
                .forbidAll("a client assertion's signature", signatures(proxy.clientAssertions()));
        for (AppCertificate c : List.of(registered, unregistered)) {
            check.forbidAll("a piece of a private key", pieces(c));
        }
        check.assertClean();
    }

    @Test
    void workloadIdentitySignInsLeakNoFederatedToken() throws Exception {
        FederatedTokenIssuer issuer = fixture.tenant().federatedIssuer();
        fixture.tenant().addFederatedCredential(issuer, SUBJECT);
        Path tokenFile = dir.resolve("token");
        FederatedToken valid = issuer.issue(SUBJECT, Duration.ofMinutes(10));
        valid.writeTo(tokenFile);
        String auth = "{\"Mode\":\"WorkloadIdentity\",\"ClientId\":\"" + fixture.tenant().clientId()
                + "\",\"TokenFilePath\":" + TenantFixture.json(tokenFile.toString()) + "}";
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = connector(auth, Map.of())) {
            outputs.add(host.runImport(connector, ImportRequest.full()));
        }
        FederatedToken foreign = issuer.issue("system:serviceaccount:identity-sync:default", Duration.ofMinutes(10));
        foreign.writeTo(tokenFile);
        try (Connector connector = connector(auth, Map.of())) {
            outputs.add(assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { })));
            outputs.add(connector.testConnection());
        }
        List<String> tokens = List.of(valid.value(), foreign.value());
        assertTrue(proxy.clientAssertions().containsAll(tokens), "the federated tokens went over the wire");
        check().forbidAll("a federated token", tokens).forbidAll("a federated token's signature", signatures(tokens))
                .assertClean();
    }

    /** Every bearer token the proxy saw, searched for in the session and the outputs. */
    private LeakCheck check() {
        assertFalse(proxy.bearerTokens().isEmpty(), "the proxy learned no bearer token");
        LeakCheck check = new LeakCheck().forbid("the trust store password", "trust-pw")
                .forbidAll("bearer token", proxy.bearerTokens());
        check.search(session);
        for (Object output : outputs) {
            if (output instanceof Throwable t) {
                check.search("an exception", t);
            } else if (output instanceof ConnectionTestResult r) {
                r.steps().forEach(s -> check.search("connection test step " + s.name(), s.name() + " " + s.message()
                        + " " + s.diagnosticId()));
            } else {
                check.search(output.getClass().getSimpleName() + ".toString()", String.valueOf(output));
            }
        }
        return check;
    }

    private static List<String> signatures(Iterable<String> jwts) {
        List<String> out = new ArrayList<>();
        jwts.forEach(j -> out.add(j.substring(j.lastIndexOf('.') + 1)));
        return out;
    }

    /** The private key in pieces of 48 base64 characters, as a PEM's lines or a log could carry it. */
    private static List<String> pieces(AppCertificate certificate) {
        String key = Base64.getEncoder().encodeToString(certificate.privateKey().getEncoded());
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 48 <= key.length(); i += 48) {
            out.add(key.substring(i, i + 48));
        }
        return out;
    }
}
