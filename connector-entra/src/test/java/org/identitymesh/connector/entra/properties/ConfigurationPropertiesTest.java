package org.identitymesh.connector.entra.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.entra.EntraIdProvider;

/**
 * The connector configuration ({@code ConfigJson}) and the authentication configuration ({@code AuthJson}) are typed
 * by operators. Whatever the text, validation (and creating a connector, which does no I/O) gives a valid
 * configuration or a {@link ConfigurationException} whose every problem names the document or one of its fields
 * (a field the document holds, or a required one it lacks), never another exception; and no message repeats a value
 * given for a secret field that is not a secret reference.
 */
class ConfigurationPropertiesTest {

    static final String GUID = "11111111-2222-3333-4444-555555555555";
    static final String VALID_CONFIG = "{\"TenantId\":\"contoso.onmicrosoft.com\"}";
    static final String VALID_AUTH = "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"env:ENTRA_SECRET\"}";

    private static final EntraIdProvider PROVIDER = new EntraIdProvider();

    /** env: and file: plus a host's vault: scheme; nothing is resolved while validating or creating. */
    static final SecretResolver RESOLVER = SecretResolvers.chain(SecretResolvers.builtIn(), new SecretResolver() {
        @Override
        public boolean supports(SecretReference reference) {
            return reference.scheme().equals("vault");
        }

        @Override
        public Secret resolve(SecretReference reference) {
            throw new AssertionError("validation must not resolve secrets");
        }
    });

    private static final List<String> CONFIG_FIELDS = List.of("TenantId", "Cloud", "GraphEndpoint", "AuthorityHost",
            "PageSize", "ImportUsers", "ImportGroups", "ImportMemberships", "ImportManager", "ExternalIdAttribute",
            "AdditionalUserAttributes", "GroupSelectionFilter", "UserSelectionFilter", "UserDomains",
            "IncludeDisabledUsers", "IncludeGuests", "OnExpiredDelta", "MaxRetries", "RetryDelaySeconds",
            "MaxRetryWaitSeconds", "RequestTimeoutSeconds", "TrustStorePath", "TrustStorePassword");
    private static final Set<String> CONFIG_REQUIRED = Set.of("TenantId", "GraphEndpoint", "AuthorityHost");
    private static final List<String> AUTH_FIELDS = List.of("Mode", "ClientId", "ClientSecret", "Certificate",
            "CertificatePassword", "TokenFilePath");
    private static final Set<String> AUTH_REQUIRED = Set.of("ClientId", "ClientSecret", "Certificate");
    private static final Set<String> AUTH_SECRETS = Set.of("ClientSecret", "Certificate", "CertificatePassword");

    @Property(tries = 3_000)
    void anyConnectorConfigurationIsValidOrNamesItsFields(@ForAll("configDocuments") String configJson) {
        check(configJson, VALID_AUTH, "ConfigJson", CONFIG_REQUIRED, Set.of("TrustStorePassword"));
    }

    @Property(tries = 3_000)
    void anyAuthenticationConfigurationIsValidOrNamesItsFields(@ForAll("authDocuments") String authJson) {
        Optional<ConfigurationException> failure = check(VALID_CONFIG, authJson, "AuthJson", AUTH_REQUIRED, AUTH_SECRETS);
        JsonNode node = parse(authJson);
        if (node instanceof ObjectNode object && object.path("ClientSecret").isTextual()
                && SecretReference.tryParse(object.path("ClientSecret").textValue()).isEmpty()) {
            // a plaintext secret is refused, naming the field
            assertTrue(failure.isPresent() && failure.get().problems().stream()
                    .anyMatch(p -> p.field().equals("AuthJson.ClientSecret")), () -> "accepted " + authJson);
        }
    }

    /**
     * Validates and creates; returns the exception when the configuration was refused.
     *
     * @param secretFields fields of {@code document} whose non-reference values must never appear in a message
     */
    static Optional<ConfigurationException> check(String configJson, String authJson, String document,
            Set<String> required, Set<String> secretFields) {
        ConnectorConfiguration configuration = ConnectorConfiguration.of(configJson, authJson, RESOLVER);
        try {
            PROVIDER.validate(configuration);
            try (Connector connector = PROVIDER.create(configuration)) {
                Statistics.label("outcome").collect("valid");
                assertTrue(connector.toString().startsWith("EntraIdConnector["));
            }
            return Optional.empty();
        } catch (ConfigurationException e) {
            Statistics.label("outcome").collect("refused");
            String text = document.equals("ConfigJson") ? configJson : authJson;
            JsonNode node = parse(text);
            Set<String> present = new LinkedHashSet<>();
            if (node instanceof ObjectNode object) {
                object.fieldNames().forEachRemaining(present::add);
            }
            assertFalse(e.problems().isEmpty());
            for (ConfigurationException.Problem p : e.problems()) {
                String field = p.field();
                boolean named = field.equals(document) || (field.startsWith(document + ".")
                        && (present.contains(field.substring(document.length() + 1))
                                || required.contains(field.substring(document.length() + 1))));
                assertTrue(named, () -> "problem " + p + " does not name a field of " + text);
                assertFalse(p.expected().isBlank());
            }
            if (node instanceof ObjectNode object) {
                for (String secretField : secretFields) {
                    JsonNode value = object.get(secretField);
                    if (value != null && value.isTextual() && value.textValue().strip().length() >= 6
                            && SecretReference.tryParse(value.textValue()).isEmpty()) {
                        assertFalse(e.getMessage().contains(value.textValue().strip()),
                                () -> "the message repeats the value of " + secretField + ": " + e.getMessage());
                    }
                }
            }
            for (String plaintext : PLAINTEXT_SECRETS) {
                assertFalse(e.getMessage().contains(plaintext), () -> "the message repeats a secret: " + e.getMessage());
            }
            return Optional.of(e);
        } catch (RuntimeException | Error e) {
            fail("validating threw " + e + " for ConfigJson " + configJson + " and AuthJson " + authJson, e);
            return Optional.empty();
        }
    }

    /** Reads a document as the connector does (comments allowed), to learn which fields it holds. */
    static JsonNode parse(String text) {
        try {
            return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS).build().readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ ConfigJson

    @Provide
    Arbitrary<String> configDocuments() {
        Arbitrary<Tuple2<String, JsonNode>> member = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of(CONFIG_FIELDS).flatMap(name -> configValue(name).map(v -> Tuple.of(name, v)))),
                Tuple.of(1, unknownNames(CONFIG_FIELDS).flatMap(name -> JsonValues.any(1).map(v -> Tuple.of(name, v)))));
        return documents(member, "{\"TenantId\":\"" + GUID + "\"}");
    }

    private static Arbitrary<JsonNode> configValue(String field) {
        Arbitrary<JsonNode> any = JsonValues.any(1);
        Arbitrary<JsonNode> specific = switch (field) {
            case "TenantId" -> text(Arbitraries.of(GUID, "contoso.onmicrosoft.com", "CONTOSO.COM", "-bad.com", "a..b",
                    GUID.toUpperCase(), GUID + "x", "localhost"));
            case "Cloud" -> text(Arbitraries.of("Global", "USGov", "USGovDoD", "China", "Custom", "custom", "GLOBAL",
                    "Germany", "", " Custom "));
            case "GraphEndpoint", "AuthorityHost" -> text(Arbitraries.of("https://graph.example.com",
                    "https://127.0.0.1:8443", "http://graph.example.com", "http://127.0.0.1:8080",
                    "https://graph.example.com/v1.0", "https://graph.example.com/v1.0/", "https://u:p@graph.example.com",
                    "https://graph.example.com?x=1", "https://graph.example.com#f", "ftp://graph.example.com", "https://",
                    "https:///path", "//graph.example.com", "graph.example.com", "https://[::1]:443", "https://exa mple.com",
                    "HTTPS://GRAPH.EXAMPLE.COM/", "https://graph.example.com:99999"));
            case "PageSize", "MaxRetries" -> JsonValues.oneOf(
                    Arbitraries.integers().between(-5, 2000).map(JsonValues.NODES::numberNode),
                    text(Arbitraries.of("50", " 7 ", "1e2", "0x10", "-1", "999999999999999999999")));
            case "RetryDelaySeconds", "MaxRetryWaitSeconds", "RequestTimeoutSeconds" -> JsonValues.oneOf(
                    Arbitraries.doubles().between(-10, 5000).map(JsonValues.NODES::numberNode),
                    text(Arbitraries.of("NaN", "Infinity", "-Infinity", "-0", "1e309", "0.05", "5", "", "0x10", "1_000")));
            case "ImportUsers", "ImportGroups", "ImportMemberships", "ImportManager", "IncludeDisabledUsers",
                    "IncludeGuests" -> JsonValues.oneOf(Arbitraries.of(true, false).map(JsonValues.NODES::booleanNode),
                    text(Arbitraries.of("true", "FALSE", "yes", "1", "")));
            case "ExternalIdAttribute" -> text(Arbitraries.of("id", "ID", "userPrincipalName", "objectId", ""));
            case "AdditionalUserAttributes" -> JsonValues.stringArray(JsonValues.oneOf(
                    Arbitraries.of("employeeHireDate", "extension_abc_costCenter", "a", "1abc", "bad-name", "",
                            "employeeHireDate", "EMPLOYEEHIREDATE", "x".repeat(70)), JsonValues.punctuated()));
            case "GroupSelectionFilter", "UserSelectionFilter" -> text(FilterTexts.any());
            case "UserDomains" -> JsonValues.stringArray(JsonValues.oneOf(Arbitraries.of("contoso.com", "@contoso.com",
                    "CONTOSO.COM", "localhost", "-x.com", "a.b.c.d", "@", ""), JsonValues.punctuated()));
            case "OnExpiredDelta" -> text(Arbitraries.of("Resync", "Fail", "resync", "FAIL", "Retry", ""));
            case "TrustStorePath" -> text(Arbitraries.of("/tmp/no-such-truststore.p12", "relative/store.p12", "\u0000",
                    "", "C:\\stores\\x.p12"));
            case "TrustStorePassword" -> secretValues();
            default -> throw new IllegalArgumentException(field);
        };
        return Arbitraries.frequencyOf(Tuple.of(3, specific), Tuple.of(1, any));
    }

    // ------------------------------------------------------------------ AuthJson

    static final List<String> PLAINTEXT_SECRETS = List.of("Sim8Q~k3yAbCdEfGhIjKlMnOpQrStUvWx-_.12",
            "9Lk8Q~PastedFromThePortal.Value_0123456", "hunter2hunter2");

    @Provide
    Arbitrary<String> authDocuments() {
        Arbitrary<Tuple2<String, JsonNode>> member = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of(AUTH_FIELDS).flatMap(name -> authValue(name).map(v -> Tuple.of(name, v)))),
                Tuple.of(1, unknownNames(AUTH_FIELDS).flatMap(name -> JsonValues.any(1).map(v -> Tuple.of(name, v)))));
        Arbitrary<String> unquotedSecret = Arbitraries.of(PLAINTEXT_SECRETS).flatMap(secret -> Arbitraries.of(
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":" + secret + "}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"" + secret + "}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":'" + secret + "'}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"" + secret + "\"",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"" + secret + "\",}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"" + secret + "\"}}",
                "{\"ClientId\":\"" + GUID + "\" \"ClientSecret\":\"" + secret + "\"}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"env:X\",\"ClientSecret\":\"" + secret + "\"}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"" + secret.replace("~", "\\q") + "\"}",
                "{\"ClientId\":\"" + GUID + "\",\"ClientSecret\":\"" + secret + "\n\"}",
                secret));
        return Arbitraries.frequencyOf(
                Tuple.of(6, documents(member, VALID_AUTH)),
                Tuple.of(1, unquotedSecret));
    }

    private static Arbitrary<JsonNode> authValue(String field) {
        Arbitrary<JsonNode> specific = switch (field) {
            case "Mode" -> text(Arbitraries.of("ClientSecret", "ClientCertificate", "ManagedIdentity",
                    "WorkloadIdentity", "clientsecret", "Password", ""));
            case "ClientId" -> text(Arbitraries.of(GUID, GUID.toUpperCase(), "not-a-guid", "", GUID + " "));
            case "ClientSecret", "Certificate", "CertificatePassword" -> secretValues();
            case "TokenFilePath" -> text(Arbitraries.of("/var/run/secrets/azure/tokens/azure-identity-token", "", "\u0000"));
            default -> throw new IllegalArgumentException(field);
        };
        return Arbitraries.frequencyOf(Tuple.of(3, specific), Tuple.of(1, JsonValues.any(1)));
    }

    /** What operators put where a secret reference belongs: references, and secrets pasted by mistake. */
    static Arbitrary<JsonNode> secretValues() {
        return text(JsonValues.oneOf(
                Arbitraries.of("env:ENTRA_SECRET", "file:/run/secrets/entra", "vault://entra/contoso/secret",
                        "ENV:ENTRA_SECRET", " env:X ", "env:", "foo:bar", "secret://x", "env://", ":x"),
                Arbitraries.of(PLAINTEXT_SECRETS),
                Arbitraries.strings().withChars("abcXYZ0189~._-").ofMinLength(12).ofMaxLength(40),
                JsonValues.texts()));
    }

    // ------------------------------------------------------------------ documents

    /**
     * Documents: a base object with random members, its text sometimes damaged (cut, a character inserted or
     * removed, a duplicate member, a comment), and sometimes arbitrary text.
     */
    static Arbitrary<String> documents(Arbitrary<Tuple2<String, JsonNode>> member, String base) {
        Arbitrary<String> objects = Arbitraries.of(true, true, true, false).flatMap(withBase -> member.list()
                .ofMaxSize(withBase ? 4 : 7).map(members -> {
                    ObjectNode node = withBase ? (ObjectNode) parse(base) : JsonValues.NODES.objectNode();
                    members.forEach(m -> node.set(m.get1(), m.get2()));
                    return node.toString();
                }));
        Arbitrary<String> damaged = objects.flatMap(text -> Arbitraries.integers().between(0, Math.max(0, text.length()))
                .flatMap(at -> Arbitraries.of(
                        text.substring(0, at),
                        text.substring(0, at) + "\"" + text.substring(at),
                        text.substring(0, at) + text.substring(Math.min(text.length(), at + 1)),
                        text.isEmpty() ? text : text.substring(0, text.length() - 1) + ",\"PageSize\":5,\"PageSize\":6}",
                        "/* comment */" + text,
                        text + " trailing",
                        "[" + text + "]",
                        "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}")));
        Arbitrary<String> raw = JsonValues.oneOf(JsonValues.texts(), Arbitraries.of("", "   ", "null", "42", "\"x\"",
                "[]", "{}", "{", "}"));
        return Arbitraries.frequencyOf(Tuple.of(6, objects), Tuple.of(2, damaged), Tuple.of(1, raw),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    private static Arbitrary<String> unknownNames(List<String> known) {
        return JsonValues.oneOf(
                Arbitraries.of(known).map(n -> n.toLowerCase(java.util.Locale.ROOT)),
                Arbitraries.of(known).map(n -> n + "s"),
                Arbitraries.of("", " ", "Tenant Id", "$schema", "__proto__"),
                JsonValues.texts().ofMaxLength(12));
    }

    private static Arbitrary<JsonNode> text(Arbitrary<String> values) {
        return values.map(JsonValues.NODES::textNode);
    }
}
