package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The descriptor for a configuration lists only the types it imports and the user attributes it selects, and the
 * attributes {@code AdditionalUserAttributes} adds arrive as text: an array of objects as its JSON.
 */
class ConfiguredDescriptorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EntraIdProvider provider = new EntraIdProvider();
    private TenantFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(80).groups(6).memberships(150).build(), s -> { });
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static List<String> types(ConnectorDescriptor descriptor) {
        return descriptor.objectTypes().stream().map(ConnectorDescriptor.ObjectType::name).toList();
    }

    @Test
    void theTypesAndAttributesFollowTheConfiguration() {
        ConnectorDescriptor plain = provider.descriptor(fixture.configuration(""));
        assertEquals(List.of("User", "Group", "GroupMember"), types(plain));
        assertTrue(plain.objectType("User").orElseThrow().attribute("managerId").isEmpty(),
                "managerId only with ImportManager");
        assertEquals(provider.descriptor().capabilities(), plain.capabilities());
        assertEquals(provider.descriptor().configuration(), plain.configuration());

        ConnectorDescriptor everything = provider.descriptor(fixture.configuration("\"ImportManager\":true,"
                + "\"ImportDevices\":true,\"ImportGroupOwners\":true,"
                + "\"AdditionalUserAttributes\":[\"assignedLicenses\",\"employeeType\"]"));
        assertEquals(List.of("User", "Group", "GroupMember", "GroupOwner", "Device"), types(everything));
        ConnectorDescriptor.ObjectType user = everything.objectType("User").orElseThrow();
        assertTrue(user.attribute("managerId").isPresent());
        Attribute licences = user.attribute("assignedLicenses").orElseThrow();
        assertEquals(AttributeType.STRING, licences.type());
        assertTrue(licences.description().contains("JSON text"), licences.description());

        ConnectorDescriptor usersOnly = provider.descriptor(fixture.configuration("\"ImportGroups\":false,"
                + "\"ImportMemberships\":false"));
        assertEquals(List.of("User"), types(usersOnly));
    }

    @Test
    void additionalAttributesArriveAsTheDescriptorSays() throws Exception {
        String extra = "\"AdditionalUserAttributes\":[\"assignedLicenses\",\"employeeType\"]";
        ConnectorDescriptor configured = provider.descriptor(fixture.configuration(extra));
        List<ChangeRecord> records = new ArrayList<>();
        try (Connector connector = fixture.connector(extra)) {
            connector.importChanges(ImportRequest.full(), records::add);
        }
        List<ChangeRecord> users = records.stream().filter(r -> r.objectType().equals("User")).toList();
        assertEquals(80, users.size());
        int licensed = 0;
        for (ChangeRecord user : users) {
            assertTrue(user.has("assignedLicenses") && user.has("employeeType"), user.toString());
            for (Attribute attribute : configured.objectType("User").orElseThrow().attributes()) {
                Object value = user.attributes().get(attribute.name());
                assertTrue(value == null || attribute.type().accepts(value), attribute.name() + " = " + value);
            }
            Object text = user.attributes().get("assignedLicenses");
            // an empty collection arrives as empty text, like an empty list of strings
            if (text != null && !text.toString().isEmpty()) {
                JsonNode licences = JSON.readTree((String) text);
                assertTrue(licences.isArray(), "assignedLicenses = " + text);
                if (licences.size() > 0) {
                    licensed++;
                    assertTrue(licences.get(0).path("skuId").isTextual(), text.toString());
                }
            }
        }
        assertTrue(licensed > 0, "the simulated tenant licenses most enabled members");
        assertFalse(records.stream().anyMatch(r -> r.objectType().equals("Device")));
    }
}
