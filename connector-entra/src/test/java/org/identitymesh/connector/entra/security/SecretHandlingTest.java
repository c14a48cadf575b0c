package org.identitymesh.connector.entra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.entra.reliability.Configs;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the connector handles what operators give it: plain http endpoints are refused (a bearer token would cross
 * the network readable), secrets pasted where a secret reference belongs are refused without being repeated, and
 * the secrets it resolves are wiped from its own buffers once the credential holds them.
 */
class SecretHandlingTest {

    private static final ConnectorProvider PROVIDER = new EntraIdProvider();
    private static final String TENANT = "{\"TenantId\":\"contoso.onmicrosoft.com\"";
    private static final String AUTH = "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\","
            + "\"ClientSecret\":\"env:ENTRA_SECRET\"}";
    private static final String PASTED = "Kx48Q~pasted.SecretValue_From-ThePortal0123";

    @ParameterizedTest
    @ValueSource(strings = {"http://graph.example.com", "http://127.0.0.1:8080", "http://localhost:8080",
        "http://[::1]:8080", "HTTP://GRAPH.EXAMPLE.COM", "ws://graph.example.com", "graph.example.com"})
    void plainHttpIsRefusedForBothEndpointsLoopbackIncluded(String endpoint) {
        for (String field : List.of("GraphEndpoint", "AuthorityHost")) {
            String other = field.equals("GraphEndpoint") ? "AuthorityHost" : "GraphEndpoint";
            String config = TENANT + ",\"Cloud\":\"Custom\",\"" + field + "\":\"" + endpoint + "\",\"" + other
                    + "\":\"https://login.example.com\"}";
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> PROVIDER.create(ConnectorConfiguration.of(config, AUTH)));
            assertEquals(List.of("ConfigJson." + field), e.problems().stream().map(p -> p.field()).toList(),
                    e::getMessage);
            assertTrue(e.getMessage().contains("https"), e.getMessage());
        }
    }

    @Test
    void httpsOnLoopbackIsAccepted() {
        String config = TENANT + ",\"Cloud\":\"Custom\",\"GraphEndpoint\":\"https://127.0.0.1:8443\","
                + "\"AuthorityHost\":\"https://127.0.0.1:8443\"}";
        PROVIDER.validate(ConnectorConfiguration.of(config, AUTH));
    }

    @Test
    void aSecretPastedIntoAnyReferenceFieldIsRefusedAndNotRepeated() {
        List<String[]> cases = List.of(
                new String[] {TENANT + "}", "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\",\"ClientSecret\":\""
                        + PASTED + "\"}", "AuthJson.ClientSecret"},
                new String[] {TENANT + "}", "{\"Mode\":\"ClientCertificate\",\"ClientId\":"
                        + "\"11111111-2222-3333-4444-555555555555\",\"Certificate\":\"env:CERT\",\"CertificatePassword\":\""
                        + PASTED + "\"}", "AuthJson.CertificatePassword"},
                new String[] {TENANT + "}", "{\"Mode\":\"ClientCertificate\",\"ClientId\":"
                        + "\"11111111-2222-3333-4444-555555555555\",\"Certificate\":\"-----BEGIN CERTIFICATE-----"
                        + PASTED + "\"}", "AuthJson.Certificate"},
                new String[] {TENANT + ",\"TrustStorePath\":\"/tmp/x.p12\",\"TrustStorePassword\":\"" + PASTED + "\"}",
                    AUTH, "ConfigJson.TrustStorePassword"},
                new String[] {TENANT + "}", "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\",\"ClientSecret\":"
                        + PASTED + "}", "AuthJson"},
                new String[] {TENANT + "}", "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\",\"ClientSecret\":\""
                        + "secret:" + PASTED + "\"}", "AuthJson.ClientSecret"});
        for (String[] c : cases) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> PROVIDER.validate(ConnectorConfiguration.of(c[0], c[1])));
            assertTrue(e.problems().stream().anyMatch(p -> p.field().equals(c[2])), e::getMessage);
            assertFalse(e.getMessage().contains(PASTED), e.getMessage());
            assertFalse(e.getMessage().contains(PASTED.substring(0, 12)), e.getMessage());
        }
    }

    @Test
    void resolvedSecretsAreWipedOnceTheCredentialHoldsThem() throws Exception {
        try (TenantFixture fixture = TenantFixture.start(TenantSpec.builder().users(10).groups(2).memberships(10).build(),
                s -> { })) {
            RecordingResolver resolver = new RecordingResolver(fixture.resolver());
            String config = Configs.with(fixture.configJson(""), "");
            try (Connector connector = PROVIDER.create(ConnectorConfiguration.of(config, fixture.authJson(), resolver))) {
                assertEquals(List.of(), resolver.references(), "creating a connector resolves no secret");
                connector.importChanges(ImportRequest.full(), r -> { });
                assertEquals(List.of("env:TRUST_PW", "env:ENTRA_SECRET"), resolver.references());
                for (Secret secret : resolver.handedOut()) {
                    assertEquals("Secret[wiped]", secret.toString());
                    assertThrows(IllegalStateException.class, secret::asString);
                }
                connector.importChanges(ImportRequest.full(), r -> { });
                assertEquals(2, resolver.references().size(), "the credential is reused, nothing is resolved again");
            }
            try (Connector rotated = PROVIDER.create(ConnectorConfiguration.of(config, fixture.authJson(), resolver))) {
                rotated.testConnection();
                assertEquals(4, resolver.references().size(), "a new connector resolves again (secret rotation)");
                resolver.handedOut().forEach(s -> assertEquals("Secret[wiped]", s.toString()));
            }
        }
    }

    /** Hands out the secrets of another resolver and remembers each one. */
    private static final class RecordingResolver implements SecretResolver {
        private final SecretResolver delegate;
        private final List<String> references = new ArrayList<>();
        private final List<Secret> handedOut = new ArrayList<>();

        RecordingResolver(SecretResolver delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean supports(SecretReference reference) {
            return delegate.supports(reference);
        }

        @Override
        public synchronized Secret resolve(SecretReference reference) {
            Secret secret = delegate.resolve(reference);
            references.add(reference.toString());
            handedOut.add(secret);
            return secret;
        }

        synchronized List<String> references() {
            return List.copyOf(references);
        }

        synchronized List<Secret> handedOut() {
            return List.copyOf(handedOut);
        }
    }
}
