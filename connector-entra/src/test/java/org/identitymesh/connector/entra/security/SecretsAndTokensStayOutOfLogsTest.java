package org.identitymesh.connector.entra.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.entra.reliability.Configs;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The client secret, every bearer token and every full delta or skip token never appear in any log event (every
 * logger of the connector, MSAL4J, azure-core, azure-identity and Kiota enabled at TRACE, plus java.util.logging)
 * nor in any exception, result or connection test a host sees: across a full import, a delta import, a connection
 * test, a sign-in with a wrong secret, and 401, 403, 429 and delta-expiry faults. The strings searched for are the
 * real ones: a recording proxy between the connector and the simulated tenant learns them on the wire.
 */
class SecretsAndTokensStayOutOfLogsTest {

    private static final String WRONG_SECRET = "Wr0ng~PastedTheSecretIdInstead-0123456789";

    private static TenantFixture fixture;
    private static RecordingProxy proxy;
    private static Path trustStore;

    private LogCapture.Session session;
    private final List<Object> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(5).users(60).groups(8).memberships(200).largeGroups(1)
                .largeGroupSize(30).build(), s -> s.memberSliceSize(10));
        proxy = new RecordingProxy(fixture.tenant().baseUrl(), fixture.tenant().sslContext());
        trustStore = Files.createTempFile("proxy-trust", ".p12");
        proxy.writeTrustStore(trustStore, "trust-pw".toCharArray(), List.of(fixture.tenant().certificate()));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        fixture.close();
        Files.deleteIfExists(trustStore);
    }

    @BeforeEach
    void capture() {
        session = LogCapture.open();
    }

    @AfterEach
    void release() {
        session.close();
        fixture.tenant().faults().clear();
    }

    /** A connector that reaches the tenant (sign-in and Graph) through the recording proxy. */
    private static Connector connector(String extra, SecretResolver resolver) {
        String config = Configs.with(fixture.configJson(""), "\"GraphEndpoint\":\"" + proxy.baseUrl()
                + "\",\"AuthorityHost\":\"" + proxy.baseUrl() + "\",\"TrustStorePath\":"
                + new com.fasterxml.jackson.databind.node.TextNode(trustStore.toString())
                + ",\"PageSize\":10,\"MaxRetries\":2,\"RetryDelaySeconds\":0.01" + (extra.isEmpty() ? "" : "," + extra));
        return ConnectorProviders.discover().require("EntraId").create(ConnectorConfiguration.of(config,
                fixture.authJson(), resolver));
    }

    @Test
    void everyLoggerIsEnabledAtTraceAndRecorded() {
        assertTrue(LoggerFactory.getILoggerFactory().getClass().getName().startsWith(RecordingLogProvider.class.getName()),
                () -> "SLF4J is bound to " + LoggerFactory.getILoggerFactory().getClass());
        for (String name : List.of("org.identitymesh.connector.entra.graph.RetryPolicy",
                "org.identitymesh.connector.entra.imports.ImportRun", "com.microsoft.aad.msal4j.ConfidentialClientApplication",
                "com.azure.identity.ClientSecretCredential", "com.azure.core.http.okhttp.OkHttpAsyncHttpClient",
                "com.microsoft.kiota.http.OkHttpRequestAdapter", "any.other.Logger")) {
            assertTrue(LoggerFactory.getLogger(name).isTraceEnabled(), name);
        }
        LoggerFactory.getLogger("com.microsoft.aad.msal4j.Probe").trace("probe {}", "argument");
        assertTrue(session.events().stream().anyMatch(e -> e.text().contains("probe argument")));
    }

    @Test
    void aFullImportADeltaImportAndAConnectionTestLeakNothing() {
        HostReplica host = new HostReplica(new org.identitymesh.connector.entra.EntraIdProvider().descriptor());
        try (Connector connector = connector("", fixture.resolver())) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            new org.identitymesh.connector.entra.reliability.TenantMutatorAccess(fixture.tenant().directory(),
                    new SplittableRandom(9)).mutate(20);
            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            ConnectionTestResult test = connector.testConnection();
            assertTrue(test.successful(), test::toString);
            outputs.addAll(List.of(full, delta, test, connector, ImportRequest.delta(delta.watermark())));
            LeakCheck check = check().forbid("the users delta link", delta.watermark());
            check.forbid("a watermark", full.watermark()).forbid("a watermark", delta.watermark());
            check.assertClean();
        }
        verboseLibrariesWereHeard();
    }

    @Test
    void theSearchFindsATokenOrLinkThatIsLogged() {
        HostReplica host = new HostReplica(new org.identitymesh.connector.entra.EntraIdProvider().descriptor());
        try (Connector connector = connector("", fixture.resolver())) {
            String watermark = host.runImport(connector, ImportRequest.full()).watermark();
            String token = proxy.bearerTokens().iterator().next();
            String link = proxy.linkTokens().stream().filter(t -> t.length() > 6).findFirst().orElseThrow();
            LoggerFactory.getLogger("a.careless.Library").trace("sending {}", "Authorization: Bearer " + token);
            LoggerFactory.getLogger("another.careless.Library").atDebug().addKeyValue("next", link).log("paging");
            java.util.logging.Logger.getLogger("a.jul.Library").fine("watermark " + watermark);
            List<String> found = check().violations();
            assertTrue(found.stream().anyMatch(v -> v.startsWith("bearer token") && v.contains("a.careless.Library")),
                    found::toString);
            assertTrue(found.stream().anyMatch(v -> v.startsWith("a full delta or skip token")
                    && v.contains("another.careless.Library")), found::toString);
            assertTrue(found.stream().anyMatch(v -> v.contains("jul:a.jul.Library")), found::toString);
        }
    }

    @Test
    void aWrongSecretLeaksNeitherTheWrongNorTheRightOne() {
        SecretResolver wrong = wrongSecret();
        try (Connector connector = connector("", wrong)) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connector.importChanges(ImportRequest.full(), r -> { }));
            assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
            outputs.add(e);
            ConnectionTestResult test = connector.testConnection();
            assertFalse(test.successful());
            outputs.add(test);
        }
        assertTrue(proxy.clientSecrets().contains(WRONG_SECRET), "the wrong secret went over the wire");
        check().forbid("the wrong client secret", WRONG_SECRET).assertClean();
    }

    @Test
    void refusedRevokedExpiredTokensForbiddenThrottledAndExpiredLinksLeakNothing() {
        var faults = fixture.tenant().faults();
        HostReplica host = new HostReplica(new org.identitymesh.connector.entra.EntraIdProvider().descriptor());
        try (Connector connector = connector("", fixture.resolver());
                Connector strict = connector("\"OnExpiredDelta\":\"Fail\"", fixture.resolver())) {
            String watermark = host.runImport(connector, ImportRequest.full()).watermark();

            faults.inject(RequestKind.USERS_DELTA, Fault.invalidAuthenticationToken(), 1);
            watermark = host.runImport(connector, ImportRequest.delta(watermark)).watermark();
            faults.inject(RequestKind.GROUPS_DELTA, Fault.invalidAuthenticationToken(), 4); // beyond 3 sign-ins
            outputs.add(expect(AuthenticationException.class, connector, watermark));
            fixture.tenant().revokeAccessTokens();
            watermark = host.runImport(connector, ImportRequest.delta(watermark)).watermark();
            faults.inject(RequestKind.USERS_DELTA, Fault.authorizationDenied(), 1);
            outputs.add(expect(PermissionException.class, connector, watermark));
            faults.inject(RequestKind.GROUPS_DELTA, Fault.throttled(429, "0.01"), 3);
            outputs.add(expect(ThrottledException.class, connector, watermark));
            fixture.tenant().expireDeltaTokens();
            outputs.add(expect(ResyncRequiredException.class, strict, watermark));
            ImportResult resynced = host.runImport(connector, ImportRequest.delta(watermark));
            outputs.add(resynced);
            faults.inject(RequestKind.TOKEN, Fault.invalidAuthenticationToken(), 1);
            outputs.add(strict.testConnection());
            check().forbid("a watermark", watermark).forbid("a watermark", resynced.watermark()).assertClean();
        }
    }

    private static ConnectorException expect(Class<? extends ConnectorException> type, Connector connector,
            String watermark) {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.importChanges(ImportRequest.delta(watermark), r -> { }));
        assertInstanceOf(type, e);
        return e;
    }

    /** Every secret and token the proxy saw, and the documents' secrets, searched for in the session and outputs. */
    private LeakCheck check() {
        assertFalse(proxy.bearerTokens().isEmpty(), "the proxy learned no bearer token");
        assertFalse(proxy.linkTokens().isEmpty(), "the proxy learned no delta or skip token");
        LeakCheck check = new LeakCheck()
                .forbid("the client secret", fixture.tenant().clientSecret())
                .forbid("the trust store password", "trust-pw")
                .forbidAll("a client secret sent to the token endpoint", proxy.clientSecrets())
                .forbidAll("bearer token", proxy.bearerTokens())
                .forbidAll("a full delta or skip token", proxy.linkTokens().stream().filter(t -> t.length() > 6).toList());
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

    /** The search is only worth something if the libraries really logged at DEBUG and TRACE. */
    private void verboseLibrariesWereHeard() {
        Map<String, Long> verbose = new TreeMap<>();
        for (LogCapture.Event e : session.events()) {
            if (e.level() == org.slf4j.event.Level.DEBUG || e.level() == org.slf4j.event.Level.TRACE) {
                String[] parts = e.logger().split("\\.");
                verbose.merge(String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length))), 1L,
                        Long::sum);
            }
        }
        System.out.println("Verbose events searched, by logger: " + verbose);
        assertTrue(verbose.keySet().stream().anyMatch(k -> k.startsWith("com.microsoft.aad")), verbose::toString);
        assertTrue(verbose.keySet().stream().anyMatch(k -> k.startsWith("com.azure")), verbose::toString);
        assertTrue(verbose.keySet().stream().anyMatch(k -> k.startsWith("org.identitymesh")), verbose::toString);
    }

    private static SecretResolver wrongSecret() {
        return fixture.resolverWithClientSecret(WRONG_SECRET);
    }
}
