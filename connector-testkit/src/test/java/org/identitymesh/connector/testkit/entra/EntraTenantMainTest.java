package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntraTenantMainTest {

    @Test
    void printsTheEndpointAndServesUntilStandardInputCloses(@TempDir Path dir) throws Exception {
        Path trust = dir.resolve("trust.p12");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PipedOutputStream stdin = new PipedOutputStream();
        InputStream in = new PipedInputStream(stdin);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(() -> {
                EntraTenantMain.run(new String[] {"--users", "300", "--groups", "12", "--memberships", "900",
                    "--seed", "5", "--truststore", trust.toString(), "--password", "pw", "--stdin"}, out, in);
                return null;
            });
            Map<String, String> props = new HashMap<>();
            for (int i = 0; i < 600 && !bytes.toString(StandardCharsets.UTF_8).contains("READY"); i++) {
                Thread.sleep(50);
            }
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    props.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
            assertEquals("300", props.get("users"));
            assertEquals("12", props.get("groups"));
            assertEquals(trust.toAbsolutePath().toString(), props.get("trustStore"));

            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream f = Files.newInputStream(trust)) {
                ks.load(f, "pw".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(props.get("tokenEndpoint")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                            + props.get("clientId") + "&client_secret="
                            + java.net.URLEncoder.encode(props.get("clientSecret"), StandardCharsets.UTF_8)
                            + "&scope=" + props.get("scope"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, token.statusCode(), token.body());

            stdin.close();
            running.get(30, TimeUnit.SECONDS);
            assertThrows(java.io.IOException.class, () -> http.send(HttpRequest.newBuilder(
                    URI.create(props.get("baseUrl") + "/v1.0/users/delta")).build(), HttpResponse.BodyHandlers.ofString()),
                    "the tenant is closed when standard input ends");
            assertTrue(Long.parseLong(props.get("generationMillis")) >= 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void servesSeveralTenantsBehindOneServerAndCountsItsConnections(@TempDir Path dir) throws Exception {
        Path trust = dir.resolve("trust.p12");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PipedOutputStream stdin = new PipedOutputStream();
        InputStream in = new PipedInputStream(stdin);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(() -> {
                EntraTenantMain.run(new String[] {"--tenants", "3", "--users", "30", "--groups", "3", "--memberships",
                    "40", "--seed", "7", "--client-id", "multi-tenant-app", "--keep-alive", "500", "--truststore",
                    trust.toString(), "--password", "pw", "--stdin"}, out, in);
                return null;
            });
            Map<String, String> props = awaitLines(bytes, "READY");
            assertEquals("3", props.get("tenants"));
            assertEquals(props.get("tenantId"), props.get("tenant.0.tenantId"));
            assertEquals(3, java.util.stream.IntStream.range(0, 3).mapToObj(i -> props.get("tenant." + i + ".tenantId"))
                    .distinct().count());
            assertEquals("multi-tenant-app", props.get("tenant.2.clientId"));
            assertTrue(Integer.parseInt(props.get("keepAliveLimit")) >= 500, props.get("keepAliveLimit"));

            HttpClient http = HttpClient.newBuilder().sslContext(trustStoreContext(trust)).build();
            for (int i : new int[] {2, 1}) {
                HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(props.get("authorityHost")
                        + "/" + props.get("tenant." + i + ".tenantId") + "/oauth2/v2.0/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                                + props.get("tenant." + i + ".clientId") + "&client_secret="
                                + java.net.URLEncoder.encode(props.get("tenant." + i + ".clientSecret"),
                                        StandardCharsets.UTF_8) + "&scope=" + props.get("scope"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, token.statusCode(), token.body());
            }
            stdin.write("journal\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String journal = awaitLines(bytes, "journal=").get("journal");
            JsonNode counts = new ObjectMapper().readTree(journal);
            assertEquals(2, counts.get("TOKEN").asLong(), journal);
            assertEquals(1, counts.get("connectionsOpened").asLong(), "one client connection: " + journal);

            stdin.close();
            running.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTenantIdCannotNameSeveralTenants() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntraTenantMain.run(
                new String[] {"--tenants", "2", "--tenant-id", "one"}, System.out, InputStream.nullInputStream()));
        assertTrue(e.getMessage().startsWith("--tenant-id names a single tenant"), e.getMessage());
    }

    /** The key=value lines printed so far, once a line starting with {@code marker} is there. */
    private static Map<String, String> awaitLines(ByteArrayOutputStream bytes, String marker) throws Exception {
        for (int i = 0; i < 1200 && !bytes.toString(StandardCharsets.UTF_8).contains("\n" + marker); i++) {
            Thread.sleep(50);
        }
        Map<String, String> props = new HashMap<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                props.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return props;
    }

    private static SSLContext trustStoreContext(Path trust) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream f = Files.newInputStream(trust)) {
            ks.load(f, "pw".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
