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

/**
 * The Microsoft Entra ID connector, {@code EntraId}: imports users, groups and group memberships, and optionally group
 * owners and devices, through Microsoft Graph delta queries. Found by {@link java.util.ServiceLoader}.
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

    /** Creates the provider; ServiceLoader calls this. */
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

    @Override
    public Connector create(ConnectorConfiguration configuration) {
        return new EntraIdConnector(EntraSettings.read(configuration), configuration.secretResolver(),
                Clock.systemUTC());
    }
}
