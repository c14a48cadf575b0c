package org.identitymesh.connector.api;

/**
 * The entry point of a connector implementation, found by {@link java.util.ServiceLoader}.
 *
 * <p>A connector jar registers its provider in {@code META-INF/services/org.identitymesh.connector.api.ConnectorProvider}
 * (class path) and with {@code provides org.identitymesh.connector.api.ConnectorProvider with ...} in its
 * {@code module-info.java} (module path). Hosts use {@link ConnectorProviders} to discover providers.
 *
 * <p>A provider is a stateless factory: it must have a public no-argument constructor, do no I/O when
 * constructed, and be safe to use from several threads. Each {@link #create} returns a new, independent
 * {@link Connector}.
 */
public interface ConnectorProvider {

    /**
     * The provider's stable name, used by hosts to select it and to store configuration against it, for example
     * {@code EntraId}. It never changes between versions.
     *
     * @return a non-empty name of letters, digits, {@code -} and {@code _}
     */
    String name();

    /**
     * The version of the connector implementation, for diagnostics.
     *
     * @return a version string such as {@code 1.4.2}
     */
    String version();

    /**
     * The version of this SPI the provider was built against. Implementations return
     * {@link ConnectorApi#VERSION}, which the compiler inlines; discovery refuses a provider whose version is not
     * {@linkplain ConnectorApi#isCompatible(String) compatible}.
     *
     * @return the API version the provider was compiled against
     */
    String apiVersion();

    /**
     * What the connector can do and how it is configured, for host UIs and validation: every object type and
     * attribute it can deliver under some configuration.
     *
     * @return the descriptor; the same value on every call
     */
    ConnectorDescriptor descriptor();

    /**
     * What a connector created from this configuration delivers: only the object types it imports, and their
     * attributes as configured (an attribute added by the configuration included, one switched off left out). A
     * host maps its schema from this one; the contract suite checks that delivered records match it and that a
     * complete snapshot's UPSERTs carry every attribute it declares. Capabilities and configuration fields are those
     * of {@link #descriptor()}. By default, after validating the configuration, {@link #descriptor()}.
     *
     * @param configuration the two JSON documents and the secret resolver; no secret is resolved
     * @return the descriptor for this configuration
     * @throws ConfigurationException listing every problem of the configuration
     */
    default ConnectorDescriptor descriptor(ConnectorConfiguration configuration) {
        validate(configuration);
        return descriptor();
    }

    /**
     * Checks a configuration without creating a connector and without any I/O. Secret references are checked
     * for form, not resolved.
     *
     * @param configuration the two JSON documents and the secret resolver
     * @throws ConfigurationException listing every problem found, each naming its field
     */
    void validate(ConnectorConfiguration configuration);

    /**
     * Creates a connector. The configuration is validated first; no network call is made and no secret is
     * resolved until the connector is used.
     *
     * @param configuration the two JSON documents and the secret resolver
     * @return a new connector, which the caller closes
     * @throws ConfigurationException listing every problem found, each naming its field
     */
    Connector create(ConnectorConfiguration configuration);
}
