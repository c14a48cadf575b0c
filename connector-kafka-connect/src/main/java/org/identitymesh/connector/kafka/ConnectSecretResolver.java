package org.identitymesh.connector.kafka;

import java.util.Map;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolutionException;
import org.identitymesh.connector.api.secret.SecretResolver;

/**
 * Resolves {@code connect:NAME} references from a tenant's secrets: values the connector's password fields hold,
 * which worker config providers ({@code ${file:...}}, {@code ${env:...}}, {@code ${directory:...}}) filled in
 * before the task saw them. It supports a reference only when the name is there, so the SPI's validation reports
 * a reference to a missing name against its field.
 */
final class ConnectSecretResolver implements SecretResolver {

    /** The scheme. */
    static final String SCHEME = "connect";

    private final Map<String, String> secrets;

    ConnectSecretResolver(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    public boolean supports(SecretReference reference) {
        return reference.scheme().equals(SCHEME) && secrets.containsKey(reference.path());
    }

    @Override
    public Secret resolve(SecretReference reference) {
        String value = reference.scheme().equals(SCHEME) ? secrets.get(reference.path()) : null;
        if (value == null) {
            throw new SecretResolutionException("no secret named " + reference.path()
                    + " in the connector's secrets", null);
        }
        return Secret.of(value);
    }

    /** Names the secrets, never their values. */
    @Override
    public String toString() {
        return "connect: from the connector's secrets " + secrets.keySet();
    }
}
