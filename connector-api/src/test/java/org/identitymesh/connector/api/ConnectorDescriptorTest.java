package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Container;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorDescriptor.FieldType;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.junit.jupiter.api.Test;

class ConnectorDescriptorTest {

    private static final ObjectType GROUP = new ObjectType("Group", "", List.of(
            new Attribute("displayName", AttributeType.STRING, "")));
    private static final ObjectType MEMBER = new ObjectType("GroupMember", "", List.of(
            new Attribute("groupId", AttributeType.STRING, "")), new Container("Group", "groupId"));

    @Test
    void describesContainmentAndCapabilities() {
        ConnectorDescriptor descriptor = new ConnectorDescriptor("Test", null, List.of(GROUP, MEMBER),
                Set.of(Capability.IMPORT_DELTA, Capability.IMPORT_FULL),
                List.of(new ConfigField(Document.AUTH, "Secret", FieldType.SECRET_REFERENCE, true, null, null, "")));

        assertEquals("Group", descriptor.objectType("GroupMember").orElseThrow().containerType().orElseThrow().objectType());
        assertTrue(descriptor.supports(Capability.IMPORT_FULL));
        assertTrue(descriptor.configuration().get(0).secret());
        assertEquals(List.of(Capability.IMPORT_FULL, Capability.IMPORT_DELTA), List.copyOf(descriptor.capabilities()));
    }

    @Test
    void refusesAContainerThatIsNotDeclared() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConnectorDescriptor("Test", "", List.of(MEMBER), Set.of(), List.of()));
        assertTrue(e.getMessage().contains("container type Group"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ObjectType("GroupMember", "", List.of(),
                new Container("Group", "groupId")));
    }

    @Test
    void refusesDuplicateNames() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectorDescriptor("Test", "", List.of(GROUP, GROUP), Set.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ObjectType("User", "", List.of(
                new Attribute("a", AttributeType.STRING, ""), new Attribute("a", AttributeType.BOOLEAN, ""))));
    }

    @Test
    void attributeTypesAcceptTheirJavaTypes() {
        assertTrue(AttributeType.INTEGER.accepts(1L));
        assertTrue(AttributeType.STRING_LIST.accepts(List.of("a")));
        assertTrue(!AttributeType.STRING_LIST.accepts(List.of(1)));
        assertTrue(!AttributeType.BOOLEAN.accepts("true"));
    }

    @Test
    void enumFieldsNeedAllowedValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConfigField(Document.CONFIG, "Cloud", FieldType.ENUM, false, null, List.of(), ""));
    }
}
