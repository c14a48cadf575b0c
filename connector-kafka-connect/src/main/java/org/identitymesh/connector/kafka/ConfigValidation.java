package org.identitymesh.connector.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;

/**
 * Connect's configuration validation for {@link IdentitySourceConnector}: the {@code ConfigDef}'s own checks, then
 * the tenants' form, then the SPI provider's {@code validate} for each tenant, each problem put on the setting that
 * holds what it names ({@code ConfigJson.*} on {@code provider.config.json}, {@code AuthJson.*} on
 * {@code provider.auth.json}, any problem of a tenant of the many-tenant form on {@code tenants.json} or
 * {@code tenants.dir}, prefixed with the tenant's name). No network call, no secret resolved.
 */
final class ConfigValidation {

    private ConfigValidation() {
    }

    /**
     * Validates a connector's settings.
     *
     * @param props the settings as the worker received them
     * @return every setting with its problems
     */
    static Config validate(Map<String, String> props) {
        Map<String, ConfigValue> values = IdentitySourceConfig.DEFINITION.validateAll(props);
        IdentitySourceConfig config;
        try {
            config = new IdentitySourceConfig(props);
        } catch (ConfigException e) {
            return new Config(new ArrayList<>(values.values())); // the ConfigDef's checks name the fields
        }
        ConnectorProvider provider = null;
        try {
            provider = providers().require(config.provider());
        } catch (ConfigurationException e) {
            values.get(IdentitySourceConfig.PROVIDER).addErrorMessage(e.problems().get(0).expected());
        }
        Tenants.Parsed parsed = Tenants.read(config, props.get("name"));
        parsed.problems().forEach((field, problems) -> problems.forEach(p -> values.get(field).addErrorMessage(p)));
        if (provider != null) {
            for (Tenant tenant : parsed.tenants()) {
                for (ConfigurationException.Problem problem : problems(provider, tenant)) {
                    String field = tenant.field().isEmpty()
                            ? problem.field().startsWith("AuthJson") ? IdentitySourceConfig.AUTH_JSON
                                    : IdentitySourceConfig.CONFIG_JSON
                            : tenant.field();
                    values.get(field).addErrorMessage((tenant.field().isEmpty() ? "" : "tenant " + tenant.name()
                            + ": ") + problem);
                }
            }
        }
        return new Config(new ArrayList<>(values.values()));
    }

    /** The providers in this plug-in's class loader (the worker loads each plug-in in its own). */
    static ConnectorProviders.Discovery providers() {
        return ConnectorProviders.discover(ConfigValidation.class.getClassLoader());
    }

    /**
     * The tenants of a configuration the worker starts with (the connector or a task), which its validation
     * accepted; a configuration changed since fails the start with every problem.
     *
     * @param name the connector's name, the tenant of the one-tenant form when {@code tenant.name} is not set
     * @throws ConnectException when the tenants cannot be read
     */
    static List<Tenant> requireTenants(IdentitySourceConfig config, String name) {
        Tenants.Parsed parsed = Tenants.read(config, name);
        if (!parsed.ok()) {
            throw new ConnectException("Invalid tenants: " + parsed.describe());
        }
        return parsed.tenants();
    }

    /**
     * The configured provider, from this plug-in's class loader.
     *
     * @throws ConnectException naming the field when no provider of that name is found
     */
    static ConnectorProvider requireProvider(IdentitySourceConfig config) {
        try {
            return providers().require(config.provider());
        } catch (ConfigurationException e) {
            throw new ConnectException(IdentitySourceConfig.PROVIDER + ": " + e.problems().get(0).expected());
        }
    }

    private static List<ConfigurationException.Problem> problems(ConnectorProvider provider, Tenant tenant) {
        try {
            provider.validate(tenant.configuration());
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems();
        }
    }
}
