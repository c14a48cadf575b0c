package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    @Test
    void theTrustStoreFileLetsAClientConnect(@TempDir Path dir) throws Exception {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(
                TenantSpec.builder().users(5).groups(1).memberships(3).build())) {
            assertTrue(tenant.baseUrl().startsWith("https://127.0.0.1:"));
            X509Certificate cert = tenant.certificate();
            boolean ip = false;
            boolean dns = false;
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                ip |= Integer.valueOf(7).equals(san.get(0)) && "127.0.0.1".equals(san.get(1));
                dns |= Integer.valueOf(2).equals(san.get(0)) && "localhost".equals(san.get(1));
            }
            assertTrue(ip && dns, "SAN holds IP 127.0.0.1 and DNS localhost");

            Path file = dir.resolve("nested/trust.p12");
            tenant.writeTrustStore(file, "secret".toCharArray());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, "secret".toCharArray());
            }
            assertEquals(1, ks.size());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(tenant.authorityHost() + "/"
                    + tenant.tenantId() + "/v2.0/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            tenant.trustManager().checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA");
        }
    }

    @Test
    void aClientWithoutTheTrustMaterialIsRefused() {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(
                TenantSpec.builder().users(5).groups(1).memberships(3).build())) {
            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create(tenant.baseUrl() + "/v1.0/users/delta")).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }
}
