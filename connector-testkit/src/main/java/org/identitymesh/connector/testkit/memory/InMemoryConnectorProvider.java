package org.identitymesh.connector.testkit.memory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorApi;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Container;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorDescriptor.FieldType;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.api.ConnectorProvider;

/**
 * The provider of the {@code InMemory} connector, which imports users, groups and memberships from an
 * {@link InMemoryDirectory}. Registered for {@link java.util.ServiceLoader}, and usable directly with
 * {@code new InMemoryConnectorProvider()}.
 *
 * <p>Configuration: {@code ConfigJson} is {@code {"Directory": "name", "PageSize": 100}}, {@code AuthJson} is
 * {@code {"ApiKey": "env:NAME"}}, where {@code ApiKey} references the directory's key.
 */
public final class InMemoryConnectorProvider implements ConnectorProvider {

    /** The provider's name. */
    public static final String NAME = "InMemory";

    static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            "In-memory directory",
            "Imports users, groups and memberships from an in-memory directory; the SPI's example connector.",
            List.of(
                    new ObjectType(InMemoryDirectory.USER, "A person who can sign in.", List.of(
                            new Attribute("displayName", AttributeType.STRING, "The name shown in lists."),
                            new Attribute("mail", AttributeType.STRING, "The primary e-mail address."),
                            new Attribute("department", AttributeType.STRING, "The department the user works in."),
                            new Attribute("accountEnabled", AttributeType.BOOLEAN, "Whether the user can sign in."),
                            new Attribute("aliases", AttributeType.STRING_LIST, "Other addresses of the user."))),
                    new ObjectType(InMemoryDirectory.GROUP, "A set of users and groups.", List.of(
                            new Attribute("displayName", AttributeType.STRING, "The name shown in lists."),
                            new Attribute("description", AttributeType.STRING, "What the group is for."))),
                    new ObjectType(InMemoryDirectory.GROUP_MEMBER,
                            "A user's or group's membership of a group; its id is groupId:memberId.", List.of(
                            new Attribute("groupId", AttributeType.STRING, "The group's id."),
                            new Attribute("memberId", AttributeType.STRING, "The member's id."),
                            new Attribute("memberType", AttributeType.STRING, "User or Group.")),
                            new Container(InMemoryDirectory.GROUP, "groupId"))),
            Set.of(Capability.IMPORT_FULL, Capability.IMPORT_DELTA, Capability.TEST_CONNECTION,
                    Capability.IMPORT_FROM_NOW, Capability.RESUMABLE_IMPORT),
            List.of(
                    new ConfigField(Document.CONFIG, "Directory", FieldType.STRING, true, null, List.of(),
                            "The name of the in-memory directory to import."),
                    new ConfigField(Document.CONFIG, "PageSize", FieldType.INTEGER, false, "100", List.of(),
                            "How many objects or changes to read per page, from 1 to 1000."),
                    new ConfigField(Document.AUTH, "ApiKey", FieldType.SECRET_REFERENCE, true, null, List.of(),
                            "A reference to the directory's API key, for example env:INMEMORY_API_KEY.")));

    /** Creates the provider; it holds no state. */
    public InMemoryConnectorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return Optional.ofNullable(getClass().getPackage().getImplementationVersion()).orElse("development");
    }

    @Override
    public String apiVersion() {
        return ConnectorApi.VERSION;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(ConnectorConfiguration configuration) {
        InMemorySettings.parse(configuration);
    }

    @Override
    public Connector create(ConnectorConfiguration configuration) {
        return new InMemoryConnector(InMemorySettings.parse(configuration), configuration.secretResolver());
    }

    @Override
    public String toString() {
        return "InMemoryConnectorProvider[" + version() + "]";
    }
}
