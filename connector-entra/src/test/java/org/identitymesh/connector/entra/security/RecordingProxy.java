package org.identitymesh.connector.entra.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.identitymesh.connector.testkit.entra.TlsMaterial;

/**
 * An HTTPS proxy on loopback in front of the simulated tenant that learns every secret on the wire: the bearer
 * tokens the tenant issues (from token responses) and the connector sends (from {@code Authorization} headers), the
 * client secrets and client assertions sent to the token endpoint, and every {@code $skiptoken} and
 * {@code $deltatoken} in requests and responses. The security tests then search logs and messages for exactly those strings. Links in response bodies
 * are rewritten to point at the proxy, and a test may rewrite bodies further (to plant a link elsewhere).
 */
final class RecordingProxy implements AutoCloseable {

    private static final Pattern LINK_TOKEN = Pattern.compile("\\$(?:skiptoken|deltatoken)=([^\"&#\\s]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "expect", "upgrade", "keep-alive", "date", "via", "warning", "te", "trailer", "proxy-connection");

    private final String upstream;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final TlsMaterial tls = TlsMaterial.generate();
    private final String base;
    private final Set<String> bearerTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> clientSecrets = ConcurrentHashMap.newKeySet();
    private final Set<String> clientAssertions = ConcurrentHashMap.newKeySet();
    private final Set<String> linkTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> paths = ConcurrentHashMap.newKeySet();
    private volatile UnaryOperator<String> rewrite = UnaryOperator.identity();

    /**
     * Starts the proxy.
     *
     * @param upstream      the tenant's base URL, {@code https://127.0.0.1:PORT}
     * @param upstreamTrust trusts the tenant's certificate
     * @throws IOException when the server cannot bind
     */
    RecordingProxy(String upstream, SSLContext upstreamTrust) throws IOException {
        this.upstream = upstream;
        this.client = HttpClient.newBuilder().sslContext(upstreamTrust).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
        base = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The proxy's base URL, to configure as both the Graph endpoint and the authority host. */
    String baseUrl() {
        return base;
    }

    /** The proxy's self-signed certificate, for the connector's trust store. */
    X509Certificate certificate() {
        return tls.certificate();
    }

    /** Every access token issued by the tenant or sent by the connector. */
    Set<String> bearerTokens() {
        return Set.copyOf(bearerTokens);
    }

    /** Every client secret sent to the token endpoint (right or wrong). */
    Set<String> clientSecrets() {
        return Set.copyOf(clientSecrets);
    }

    /** Every client assertion (certificate-signed JWT or federated token) sent to the token endpoint. */
    Set<String> clientAssertions() {
        return Set.copyOf(clientAssertions);
    }

    /** Every skip and delta token in a request or response, as it appears in links. */
    Set<String> linkTokens() {
        return Set.copyOf(linkTokens);
    }

    /** The paths of every request received. */
    Set<String> paths() {
        return Set.copyOf(paths);
    }

    /** Requests that went through. */
    long requests() {
        return requests.get();
    }

    /** Rewrites response bodies (after the upstream's links were pointed at the proxy); identity to stop. */
    void rewrite(UnaryOperator<String> bodies) {
        this.rewrite = bodies;
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            URI uri = ex.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            learnLinkTokens(pathAndQuery);
            paths.add(uri.getRawPath());
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Authorization")) {
                    values.forEach(v -> bearerTokens.add(v.replaceFirst("(?i)^bearer\\s+", "").strip()));
                }
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    for (String v : values) {
                        try {
                            request.header(name, v);
                        } catch (IllegalArgumentException restricted) {
                            // a header java.net.http sets itself
                        }
                    }
                }
            });
            if (pathAndQuery.endsWith("/oauth2/v2.0/token")) {
                learnClientSecret(new String(body, StandardCharsets.UTF_8));
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                ex.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            }
            String text = new String(response.body(), StandardCharsets.UTF_8).replace(upstream, base);
            learnLinkTokens(text);
            if (pathAndQuery.endsWith("/oauth2/v2.0/token")) {
                learnAccessToken(text);
            }
            text = rewrite.apply(text);
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v.replace(upstream, base)));
                }
            });
            ex.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    private void learnLinkTokens(String text) {
        Matcher m = LINK_TOKEN.matcher(text);
        while (m.find()) {
            linkTokens.add(m.group(1));
            linkTokens.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        }
    }

    private void learnClientSecret(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("client_secret=")) {
                clientSecrets.add(URLDecoder.decode(pair.substring("client_secret=".length()), StandardCharsets.UTF_8));
            }
            if (pair.startsWith("client_assertion=")) {
                clientAssertions.add(URLDecoder.decode(pair.substring("client_assertion=".length()),
                        StandardCharsets.UTF_8));
            }
        }
    }

    private void learnAccessToken(String body) {
        try {
            JsonNode token = JSON.readTree(body).get("access_token");
            if (token != null && token.isTextual()) {
                bearerTokens.add(token.textValue());
            }
        } catch (IOException e) {
            // not a token answer
        }
    }

    /** Writes a PKCS12 trust store holding the proxy's and other certificates. */
    void writeTrustStore(java.nio.file.Path file, char[] password, List<X509Certificate> more) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setCertificateEntry("proxy", certificate());
        for (int i = 0; i < more.size(); i++) {
            store.setCertificateEntry("extra-" + i, more.get(i));
        }
        try (OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
