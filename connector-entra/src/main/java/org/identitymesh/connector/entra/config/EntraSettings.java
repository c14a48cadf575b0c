package org.identitymesh.connector.entra.config;

import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorConfiguration;

/**
 * Both documents, validated together so that every problem of both is reported at once.
 *
 * @param config the connector configuration
 * @param auth   the authentication configuration
 */
public record EntraSettings(EntraConfig config, AuthConfig auth) {

    /**
     * Validates both documents.
     *
     * @param configuration the documents and the secret resolver
     * @return the settings
     * @throws ConfigurationException listing every problem of both documents
     */
    public static EntraSettings read(ConnectorConfiguration configuration) {
        if (configuration == null) {
            throw ConfigurationException.of("configuration", "a ConnectorConfiguration, found null");
        }
        List<ConfigurationException.Problem> problems = new ArrayList<>();
        EntraConfig config = EntraConfig.read(configuration.configJson(), configuration.secretResolver(), problems);
        AuthConfig auth = AuthConfig.read(configuration.authJson(), configuration.secretResolver(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new EntraSettings(config, auth);
    }
}
