package org.identitymesh.connector.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;

/**
 * What a connector author supplies to run the {@link ConnectorContractSuite}: a test environment the connector
 * can import from, how to configure the connector for it, and how to change it without the connector.
 *
 * <p>The suite creates a fixture for each test, calls {@link #prepare()}, runs the test and calls
 * {@link #close()}. Each fixture's environment starts in the same state, holding objects of every type the
 * connector imports (for memberships: at least one container with a member, and a container and a member not yet
 * related). The suite may call {@link #environmentSnapshot()} and the {@link #mutations()} from within a
 * {@link org.identitymesh.connector.api.ChangeSink}, that is while an import runs.
 */
public interface ContractFixture extends AutoCloseable {

    /**
     * The name the connector's provider registers under.
     *
     * @return the {@link ConnectorProvider#name()}
     */
    String providerName();

    /**
     * The provider to test. By default the one {@link ConnectorProviders#discover()} finds by
     * {@link #providerName()}; a fixture overrides this to test a provider that is not registered.
     *
     * @return the provider
     */
    default ConnectorProvider provider() {
        return ConnectorProviders.discover().require(providerName());
    }

    /**
     * Sets up the environment, for example by starting a simulator or seeding a directory. Called once, before
     * anything else but {@link #providerName()} and {@link #provider()}.
     *
     * @throws Exception when the environment cannot be set up; the test then fails
     */
    void prepare() throws Exception;

    /**
     * A configuration under which the connector imports the whole environment.
     *
     * @return the configuration, with a secret resolver that resolves its references
     */
    ConnectorConfiguration validConfiguration();

    /**
     * Configurations the provider must refuse, each with the field its problem must name. Leave out unknown
     * fields: the suite adds those itself.
     *
     * @return at least one invalid configuration
     */
    List<InvalidConfiguration> invalidConfigurations();

    /**
     * A configuration that is valid in form but whose secret the environment refuses, if the environment checks
     * credentials: imports must fail with an
     * {@link org.identitymesh.connector.api.AuthenticationException}.
     *
     * @return the configuration, or empty to skip the check
     */
    default Optional<ConnectorConfiguration> wrongSecretConfiguration() {
        return Optional.empty();
    }

    /**
     * Every secret value the configurations above resolve to or hold by mistake (a key pasted where a reference
     * belongs): none may appear in a {@code toString()} or in an exception message.
     *
     * @return non-empty values
     */
    Set<String> secretValues();

    /**
     * What the environment holds now, in the connector's terms: what a replica built from a full import, or
     * kept up to date by delta imports, must equal. Object types without objects may be left out; attributes
     * without a value are left out or mapped to {@code null}; integers may be {@link Integer} or {@link Long}.
     *
     * @return object type to external id to attributes
     */
    Map<String, Map<String, Map<String, Object>>> environmentSnapshot();

    /**
     * Changes the environment without the connector.
     *
     * @return the mutations this environment supports
     */
    Mutations mutations();

    /**
     * Tears the environment down. Never throws; the default does nothing.
     */
    @Override
    default void close() {
    }
}
