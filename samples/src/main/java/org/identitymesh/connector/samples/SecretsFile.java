package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolutionException;
import org.identitymesh.connector.api.secret.SecretResolver;

/**
 * How a host plugs its own secret store into the SPI: this one resolves {@code secret://PATH} from a JSON file of
 * {@code {"PATH": "value"}}, standing in for a vault.
 */
final class SecretsFile implements SecretResolver {

    private final Path path;
    private final Map<String, String> secrets;

    private SecretsFile(Path path, Map<String, String> secrets) {
        this.path = path;
        this.secrets = secrets;
    }

    static SecretsFile read(Path path) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(path.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's message would quote the text, which is a secret
            throw new IOException("the secrets file " + path + " is not valid JSON (at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "; the text is not shown)");
        }
        if (root == null || !root.isObject()) {
            throw new IOException("the secrets file " + path + " must hold a JSON object of \"path\": \"secret\"");
        }
        Map<String, String> secrets = new HashMap<>();
        root.fields().forEachRemaining(e -> secrets.put(e.getKey(), e.getValue().asText()));
        return new SecretsFile(path, secrets);
    }

    @Override
    public boolean supports(SecretReference reference) {
        return reference.scheme().equals("secret");
    }

    @Override
    public Secret resolve(SecretReference reference) {
        String value = secrets.get(reference.path());
        if (value == null) {
            throw new SecretResolutionException("the secrets file " + path + " has no entry \"" + reference.path()
                    + "\" for " + reference, null);
        }
        return Secret.of(value);
    }

    @Override
    public String toString() {
        return "secret: from " + path;
    }
}
