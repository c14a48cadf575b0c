package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
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

    /**
     * Reads a secrets file.
     *
     * @param path the file
     * @return the resolver
     * @throws FileProblem when the file cannot be read, is not JSON (its text is never shown: it holds secrets) or
     *                     does not hold an object
     */
    static SecretsFile read(Path path) throws FileProblem {
        JsonNode root = InputFiles.jsonTree("the secrets file", path, "--secrets");
        if (!root.isObject()) {
            throw FileProblem.input("the secrets file", path, "does not hold a JSON object",
                    "write it as {\"path\": \"secret\", ...}");
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
