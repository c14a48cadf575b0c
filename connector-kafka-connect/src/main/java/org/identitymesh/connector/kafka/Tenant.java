package org.identitymesh.connector.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.secret.SecretResolvers;

/**
 * One tenant a task imports: its name (the source partition and the first part of every key), the provider's two
 * documents and the secrets its {@code connect:NAME} references name. {@link #toString()} shows the name only.
 *
 * @param name       letters, digits, '.', '-' and '_'
 * @param configJson the provider's ConfigJson
 * @param authJson   the provider's AuthJson
 * @param secrets    values of {@code connect:NAME} references, by name
 * @param field      the connector setting the tenant came from, for problems
 */
record Tenant(String name, String configJson, String authJson, Map<String, String> secrets, String field) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    Tenant {
        Objects.requireNonNull(name, "name");
        secrets = Map.copyOf(secrets);
    }

    /** Whether a tenant name is acceptable. */
    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * The SPI configuration: {@code connect:NAME} from this tenant's secrets, then the built-in {@code env:} and
     * {@code file:} resolvers of the worker.
     */
    ConnectorConfiguration configuration() {
        return ConnectorConfiguration.of(configJson, authJson,
                SecretResolvers.chain(new ConnectSecretResolver(secrets), SecretResolvers.builtIn()));
    }

    @Override
    public String toString() {
        return "Tenant[" + name + "]";
    }
}
