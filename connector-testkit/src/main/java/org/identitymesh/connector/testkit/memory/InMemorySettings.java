package org.identitymesh.connector.testkit.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConfigurationException.Problem;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.secret.SecretReference;

/**
 * The in-memory connector's configuration, read from the two JSON documents. Every problem is collected before
 * anything is thrown, so that one {@link ConfigurationException} lists them all.
 *
 * @param directory the directory's name
 * @param pageSize  objects or changes per page
 * @param apiKey    where the API key is, never the key
 */
record InMemorySettings(String directory, int pageSize, SecretReference apiKey) {

    static final Pattern DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGE_SIZE = 1000;

    static InMemorySettings parse(ConnectorConfiguration configuration) {
        List<Problem> problems = new ArrayList<>();
        JsonNode config = document("ConfigJson", configuration.configJson(), problems);
        JsonNode auth = document("AuthJson", configuration.authJson(), problems);
        rejectUnknownFields("ConfigJson", Document.CONFIG, config, problems);
        rejectUnknownFields("AuthJson", Document.AUTH, auth, problems);

        String directory = null;
        JsonNode directoryNode = config.path("Directory");
        if (directoryNode.isTextual() && DIRECTORY_NAME.matcher(directoryNode.asText()).matches()) {
            directory = directoryNode.asText();
        } else if (config.isObject()) {
            problems.add(new Problem("ConfigJson.Directory", "a directory name of 1 to 64 letters, digits, '-' or '_'"
                    + (directoryNode.isMissingNode() ? ", found none" : ", found " + directoryNode)));
        }

        int pageSize = 100;
        JsonNode pageSizeNode = config.path("PageSize");
        if (pageSizeNode.canConvertToInt() && pageSizeNode.isIntegralNumber()
                && pageSizeNode.asInt() >= 1 && pageSizeNode.asInt() <= MAX_PAGE_SIZE) {
            pageSize = pageSizeNode.asInt();
        } else if (!pageSizeNode.isMissingNode()) {
            problems.add(new Problem("ConfigJson.PageSize", "an integer from 1 to " + MAX_PAGE_SIZE + ", found "
                    + pageSizeNode));
        }

        SecretReference apiKey = null;
        if (auth.isObject()) {
            apiKey = secretReference(auth.path("ApiKey"), configuration, problems).orElse(null);
        }

        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new InMemorySettings(directory, pageSize, apiKey);
    }

    private static JsonNode document(String name, String json, List<Problem> problems) {
        try {
            JsonNode node = json == null ? null : JSON.readTree(json);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below without Jackson's message, which quotes the document and so possibly a secret
        }
        problems.add(new Problem(name, "a JSON object"));
        return JSON.missingNode();
    }

    private static void rejectUnknownFields(String name, Document document, JsonNode node, List<Problem> problems) {
        List<String> known = InMemoryConnectorProvider.DESCRIPTOR.configuration().stream()
                .filter(f -> f.document() == document).map(ConfigField::name).toList();
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(new Problem(name + "." + field, "no such field; the fields are " + known));
            }
        });
    }

    /** Never echoes the value: someone may have pasted the key itself instead of a reference. */
    private static Optional<SecretReference> secretReference(JsonNode node, ConnectorConfiguration configuration,
            List<Problem> problems) {
        Optional<SecretReference> reference = node.isTextual() ? SecretReference.tryParse(node.asText())
                : Optional.empty();
        if (reference.isEmpty()) {
            problems.add(new Problem("AuthJson.ApiKey", node.isMissingNode()
                    ? "a secret reference such as env:NAME or file:PATH, found none"
                    : "a secret reference such as env:NAME or file:PATH, not the key itself (the value is not shown)"));
        } else if (!configuration.secretResolver().supports(reference.get())) {
            problems.add(new Problem("AuthJson.ApiKey", "a secret reference whose scheme the host's secret resolver "
                    + "supports, such as env:NAME or file:PATH (the value is not shown)"));
            return Optional.empty();
        }
        return reference;
    }
}
