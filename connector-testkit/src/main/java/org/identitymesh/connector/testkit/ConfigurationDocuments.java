package org.identitymesh.connector.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolutionException;

/** Reading and changing the two JSON documents of a fixture's configuration. */
final class ConfigurationDocuments {

    /** A field no connector declares. */
    static final String UNKNOWN_FIELD = "ContractSuiteUnknownField";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigurationDocuments() {
    }

    /** A document of the fixture's valid configuration, which must be a JSON object. */
    static JsonNode parse(String json) {
        try {
            JsonNode node = json == null ? null : JSON.readTree(json);
            return node != null && node.isObject() ? node : fail("Fixture problem: a document of the valid "
                    + "configuration is not a JSON object");
        } catch (JsonProcessingException e) {
            return fail("Fixture problem: a document of the valid configuration is not JSON");
        }
    }

    /** The document with {@value #UNKNOWN_FIELD} added. */
    static String withUnknownField(String json) {
        ObjectNode node = (ObjectNode) parse(json).deepCopy();
        node.put(UNKNOWN_FIELD, "a field no connector declares");
        return node.toString();
    }

    /** {@code ConfigJson} or {@code AuthJson}, as problems name them. */
    static String name(Document document) {
        return document == Document.CONFIG ? "ConfigJson" : "AuthJson";
    }

    /** {@code Document.Field}, as problems name it. */
    static String path(ConfigField field) {
        return name(field.document()) + "." + field.name();
    }

    /** Whether the value is a reference the configuration's resolver resolves to one of the secrets. */
    static boolean referencesSecret(String value, ConnectorConfiguration configuration, Set<String> secrets) {
        Optional<SecretReference> reference = SecretReference.tryParse(value)
                .filter(configuration.secretResolver()::supports);
        if (reference.isEmpty()) {
            return false;
        }
        try (Secret secret = configuration.secretResolver().resolve(reference.get())) {
            return secrets.contains(secret.asString());
        } catch (SecretResolutionException e) {
            return false;
        }
    }
}
