package org.identitymesh.connector.entra;

import java.time.Clock;
import java.util.Set;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorApi;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.config.EntraConfigFields;
import org.identitymesh.connector.entra.config.EntraSettings;
import org.identitymesh.connector.entra.graph.SharedHttp;

/**
 * The Microsoft Entra ID connector, {@code EntraId}: imports users, groups and group memberships, and optionally group
 * owners and devices, through Microsoft Graph delta queries. Found by {@link java.util.ServiceLoader}.
 *
 * <p>The connectors one provider creates share its HTTP connection pool, the threads of token requests and, per trust
 * store and timeout, the TLS setup ({@link SharedHttp}); each keeps only its tenant's configuration, credential and
 * token. A host with many tenants keeps one provider, as a JDBC host keeps one driver, and creates a connector per
 * tenant from it.
 */
public final class EntraIdProvider implements ConnectorProvider {

    /** The provider's name. */
    public static final String NAME = "EntraId";

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            "Microsoft Entra ID",
            "Imports users, groups and group memberships, and optionally group owners and devices, from Microsoft Entra "
                    + "ID (Azure AD) through Microsoft Graph delta queries, with one delta cursor per delta resource.",
            EntraSchema.objectTypes(),
            Set.of(Capability.IMPORT_FULL, Capability.IMPORT_DELTA, Capability.TEST_CONNECTION,
                    Capability.RESUMABLE_IMPORT, Capability.IMPORT_FROM_NOW),
            EntraConfigFields.all());

    /** Built by the first {@link #create}: discovering and describing the provider needs none of its libraries. */
    private volatile SharedHttp http;

    /** Creates the provider; ServiceLoader calls this. No connection and no thread is opened until an import. */
    public EntraIdProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        String version = EntraIdProvider.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String apiVersion() {
        return ConnectorApi.VERSION;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * The types this configuration imports ({@code GroupMember} with {@code ImportMemberships}, {@code GroupOwner}
     * with {@code ImportGroupOwners}, {@code Device} with {@code ImportDevices}), users with {@code managerId} only
     * with {@code ImportManager} and with the attributes {@code AdditionalUserAttributes} adds, as strings.
     */
    @Override
    public ConnectorDescriptor descriptor(ConnectorConfiguration configuration) {
        EntraConfig config = EntraSettings.read(configuration).config();
        return new ConnectorDescriptor(DESCRIPTOR.displayName(), DESCRIPTOR.description(),
                EntraSchema.objectTypes(config), DESCRIPTOR.capabilities(), DESCRIPTOR.configuration());
    }

    @Override
    public void validate(ConnectorConfiguration configuration) {
        EntraSettings.read(configuration);
    }

    /** The HTTP resources this provider's connectors share. */
    SharedHttp http() {
        SharedHttp shared = http;
        if (shared == null) {
            synchronized (this) {
                if (http == null) {
                    http = new SharedHttp();
                }
                shared = http;
            }
        }
        return shared;
    }

    @Override
    public Connector create(ConnectorConfiguration configuration) {
        return new EntraIdConnector(EntraSettings.read(configuration), configuration.secretResolver(),
                Clock.systemUTC(), http());
    }
}
