package org.identitymesh.connector.entra.reliability;

import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.e2e.TenantFixture;

/** Connectors for a tenant fixture with settings of the test's choosing, created through ServiceLoader. */
final class Connectors {

    /** A client secret of the right shape that the tenant does not know. */
    static final String WRONG_SECRET = "Wr0ng~SecretPastedFromTheSecretId0123456";

    private Connectors() {
    }

    /**
     * A connector for the fixture's tenant.
     *
     * @param fixture  the tenant
     * @param config   ConfigJson members that replace or add to the fixture's, for example {@code "PageSize":5}
     * @param resolver resolves the secret references
     * @return the connector, which the caller closes
     */
    static Connector create(TenantFixture fixture, String config, SecretResolver resolver) {
        return ConnectorProviders.discover().require("EntraId").create(ConnectorConfiguration.of(
                Configs.with(fixture.configJson(""), config), fixture.authJson(), resolver));
    }

    /** The fixture's resolver, except that the client secret resolves to {@link #WRONG_SECRET}. */
    static SecretResolver wrongSecret(TenantFixture fixture) {
        return fixture.resolverWithClientSecret(WRONG_SECRET);
    }
}
