package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.testkit.entra.TlsMaterial;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;

/**
 * A WireMock server on loopback HTTPS that plays both Entra's token endpoint and Microsoft Graph, and the
 * configuration that points the EntraId connector at it exactly as a host would (Cloud Custom, a trust store,
 * secrets as {@code env:} references, the connector found through ServiceLoader).
 *
 * <p>Register it as a static extension: the server starts once per test class and every test starts from no stubs
 * and an empty request journal, with only the token endpoint stubbed.
 */
final class WireMockGraph implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String TENANT = "7f3b2c1d-5e6f-4a5b-8c9d-112233445566";
    static final String CLIENT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    /** The client secret the connector resolves from {@code env:WM_CLIENT_SECRET}. */
    static final String CLIENT_SECRET = "wm~Cl1entSecret.Value_9Qz";
    /** The access token the token endpoint hands out. */
    static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1QifQ.wiremock-access-token-4f1c.c2ln";
    static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2\\.0/token";

    private static final char[] PASSWORD = "wiremock-tls".toCharArray();
    private static TlsMaterial tls;

    private final boolean http2;
    private Path dir;
    private Path trustStore;
    private WireMockServer server;

    /** A server that speaks HTTP/2 where the client offers it, as Graph does. */
    WireMockGraph() {
        this(true);
    }

    private WireMockGraph(boolean http2) {
        this.http2 = http2;
    }

    /**
     * A server that speaks HTTP/1.1 only. Over HTTP/2 a blocked read ends when its thread is interrupted; over
     * HTTP/1.1 it does not, which is what tests of ending a request in flight need.
     *
     * @return the extension
     */
    static WireMockGraph http11Only() {
        return new WireMockGraph(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        synchronized (WireMockGraph.class) {
            if (tls == null) {
                tls = TlsMaterial.generate();
            }
        }
        dir = Files.createTempDirectory("wiremock-graph");
        Path keyStore = dir.resolve("keystore.p12");
        trustStore = dir.resolve("truststore.p12");
        tls.writeKeyStore(keyStore, PASSWORD);
        tls.writeTrustStore(trustStore, PASSWORD);
        server = start(keyStore);
    }

    /** Another HTTPS server with the same certificate, for links that point elsewhere; the caller stops it. */
    WireMockServer anotherServer() {
        return start(dir.resolve("keystore.p12"));
    }

    private WireMockServer start(Path keyStore) {
        WireMockServer s = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .http2TlsDisabled(!http2)
                .dynamicHttpsPort()
                .keystorePath(keyStore.toString())
                .keystorePassword(new String(PASSWORD))
                .keyManagerPassword(new String(PASSWORD))
                .keystoreType("PKCS12")
                .containerThreads(12)
                .notifier(new Slf4jNotifier(false)));
        s.start();
        return s;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
        stubToken(3599);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.stop();
        Files.deleteIfExists(dir.resolve("keystore.p12"));
        Files.deleteIfExists(trustStore);
        Files.deleteIfExists(dir);
    }

    WireMockServer server() {
        return server;
    }

    /** {@code https://127.0.0.1:PORT}: the GraphEndpoint and the AuthorityHost. */
    String root() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    /** An absolute Graph link: {@code root/v1.0} followed by {@code pathAndQuery}. */
    String link(String pathAndQuery) {
        return root() + "/v1.0" + pathAndQuery;
    }

    // ---- the connector, configured as a host does it

    /**
     * ConfigJson for this server. Tests are fast by default (RetryDelaySeconds 0.05, MaxRetries 3); a field in
     * {@code extraFields} replaces the default of the same name.
     *
     * @param extraFields JSON members, for example {@code "PageSize":2}, or empty
     */
    String configJson(String extraFields) {
        StringBuilder json = new StringBuilder("{\"TenantId\":\"" + TENANT + "\",\"Cloud\":\"Custom\"")
                .append(",\"GraphEndpoint\":\"").append(root()).append('"')
                .append(",\"AuthorityHost\":\"").append(root()).append('"')
                .append(",\"TrustStorePath\":\"").append(trustStore.toString().replace("\\", "\\\\")).append('"')
                .append(",\"TrustStorePassword\":\"env:WM_TRUST_PW\"");
        Map<String, String> defaults = Map.of("RetryDelaySeconds", "0.05", "MaxRetries", "3",
                "RequestTimeoutSeconds", "5");
        defaults.forEach((name, value) -> {
            if (!extraFields.contains("\"" + name + "\"")) {
                json.append(",\"").append(name).append("\":").append(value);
            }
        });
        if (!extraFields.isBlank()) {
            json.append(',').append(extraFields);
        }
        return json.append('}').toString();
    }

    String authJson() {
        return "{\"Mode\":\"ClientSecret\",\"ClientId\":\"" + CLIENT_ID + "\",\"ClientSecret\":\"env:WM_CLIENT_SECRET\"}";
    }

    /** Creates the connector through ServiceLoader, with secrets resolved from a map standing in for the environment. */
    Connector connector(String extraFields) {
        ConnectorConfiguration configuration = ConnectorConfiguration.of(configJson(extraFields), authJson(),
                SecretResolvers.environment(Map.of("WM_CLIENT_SECRET", CLIENT_SECRET,
                        "WM_TRUST_PW", new String(PASSWORD))::get));
        return ConnectorProviders.discover().require("EntraId").create(configuration);
    }

    // ---- stubs

    /** The client-credentials token endpoint, handing out {@link #ACCESS_TOKEN}. */
    void stubToken(long expiresIn) {
        server.stubFor(post(urlPathMatching(TOKEN_PATH)).willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn + ",\"ext_expires_in\":" + expiresIn + ",\"access_token\":\"" + ACCESS_TOKEN + "\"}")));
    }

    /** The first request of a round: {@code /v1.0/{resource}/delta} or {@code delta()}, with a {@code $select}. */
    Supplier<MappingBuilder> initial(String resource) {
        return () -> get(urlPathMatching("/v1\\.0/" + resource + "/delta(\\(\\))?"))
                .withQueryParam("$select", matching(".+"));
    }

    /** Exactly this link, path and query as written. */
    Supplier<MappingBuilder> at(String link) {
        URI uri = URI.create(link);
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return () -> get(urlEqualTo(pathAndQuery));
    }

    /** Answers a request with a JSON body (status 200). */
    void page(Supplier<MappingBuilder> request, String body) {
        respond(request, okJson(body));
    }

    /**
     * Answers successive matching requests with the responses in order; the last one repeats.
     *
     * @param request   which requests
     * @param responses what to answer, in order
     */
    void respond(Supplier<MappingBuilder> request, ResponseDefinitionBuilder... responses) {
        if (responses.length == 1) {
            server.stubFor(request.get().willReturn(responses[0]));
            return;
        }
        String scenario = "sequence-" + UUID.randomUUID();
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder mapping = request.get().inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i);
            if (i < responses.length - 1) {
                mapping = mapping.willSetStateTo("step-" + (i + 1));
            }
            server.stubFor(mapping.willReturn(responses[i]));
        }
    }

    /** A Graph error response with the usual body and a request-id header. */
    static ResponseDefinitionBuilder graphError(int status, String code, String requestId) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("request-id", requestId)
                .withBody(Pages.q("{'error':{'code':'" + code + "','message':'" + code + " happened.','innerError':"
                        + "{'date':'2026-11-22T10:00:00','request-id':'" + requestId + "','client-request-id':'"
                        + requestId + "'}}}"));
    }

    // ---- what the server received

    /** Every Graph request, oldest first. */
    List<LoggedRequest> graphRequests() {
        return sorted(server.findAll(getRequestedFor(urlPathMatching("/v1\\.0/.*"))));
    }

    /** The Graph requests to one resource's delta, oldest first. */
    List<LoggedRequest> deltaRequests(String resource) {
        return sorted(server.findAll(getRequestedFor(urlPathMatching("/v1\\.0/" + resource + "/delta(\\(\\))?"))));
    }

    /** Requests to the token endpoint. */
    int tokenRequests() {
        return server.findAll(postRequestedFor(urlPathMatching(TOKEN_PATH))).size();
    }

    /** Every request the server received, of any kind. */
    int allRequests() {
        return server.getAllServeEvents().size();
    }

    private static List<LoggedRequest> sorted(List<LoggedRequest> requests) {
        List<LoggedRequest> copy = new ArrayList<>(requests);
        copy.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return copy;
    }

    // ---- failures

    /**
     * Asserts that {@code call} throws {@code type} and that neither the client secret nor the access token appears
     * in any message of the exception, its causes or suppressed exceptions.
     */
    static <T extends Throwable> T fails(Class<T> type, Executable call) {
        T thrown = assertThrows(type, call);
        assertNoSecrets(thrown);
        return thrown;
    }

    static void assertNoSecrets(Throwable thrown) {
        List<Throwable> pending = new ArrayList<>(List.of(thrown));
        List<Throwable> seen = new ArrayList<>();
        while (!pending.isEmpty()) {
            Throwable t = pending.remove(pending.size() - 1);
            if (seen.stream().anyMatch(s -> s == t)) {
                continue;
            }
            seen.add(t);
            String text = t + " " + t.getMessage() + " " + t.getLocalizedMessage();
            assertFalse(text.contains(CLIENT_SECRET), "the client secret leaked into " + t.getClass().getName());
            assertFalse(text.contains(ACCESS_TOKEN), "the access token leaked into " + t.getClass().getName());
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
    }
}
