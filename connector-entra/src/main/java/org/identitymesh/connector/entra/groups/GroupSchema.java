package org.identitymesh.connector.entra.groups;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.Container;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;

/**
 * The {@code Group}, {@code GroupMember} and {@code GroupOwner} object types: attributes named as Graph's
 * properties, and the member and owner types of {@code @odata.type}.
 */
public final class GroupSchema {

    /** The group type. */
    public static final String GROUP = "Group";
    /** The membership type: one record per group and direct member, id {@code <groupId>:<memberId>}. */
    public static final String GROUP_MEMBER = "GroupMember";
    /** The ownership type: one record per group and owner, id {@code <groupId>:<ownerId>}. */
    public static final String GROUP_OWNER = "GroupOwner";

    static final List<Attribute> GROUP_ATTRIBUTES = List.of(
            string("id", "The immutable object id; also the external id."),
            string("displayName", "The group's name."),
            string("description", "Description."),
            string("mail", "The group's SMTP address, for mail-enabled groups."),
            string("mailNickname", "The mail alias."),
            new Attribute("mailEnabled", AttributeType.BOOLEAN, "Whether the group is mail-enabled."),
            new Attribute("securityEnabled", AttributeType.BOOLEAN, "Whether the group is a security group."),
            string("groupTypes", "Group types joined with commas, for example Unified or DynamicMembership."),
            string("visibility", "Public, Private or HiddenMembership."),
            new Attribute("createdDateTime", AttributeType.TIMESTAMP, "When the group was created."),
            new Attribute("onPremisesSyncEnabled", AttributeType.BOOLEAN,
                    "Whether the group is synchronised from on-premises Active Directory."));

    static final List<Attribute> MEMBER_ATTRIBUTES = List.of(
            string("groupId", "The group's object id."),
            string("memberId", "The member's object id."),
            string("memberType", "User, Group, ServicePrincipal, Device, OrgContact, or the type Graph gave."));

    static final List<Attribute> OWNER_ATTRIBUTES = List.of(
            string("groupId", "The group's object id."),
            string("ownerId", "The owner's object id."),
            string("ownerType", "User or ServicePrincipal, or the type Graph gave."));

    private static final Map<String, String> KNOWN_MEMBER_TYPES = Map.of(
            "#microsoft.graph.user", "User", "#microsoft.graph.group", "Group",
            "#microsoft.graph.servicePrincipal", "ServicePrincipal", "#microsoft.graph.device", "Device",
            "#microsoft.graph.orgContact", "OrgContact");

    private GroupSchema() {
    }

    /**
     * The group, membership and ownership types as the descriptor shows them.
     *
     * @return Group, GroupMember, GroupOwner
     */
    public static List<ObjectType> objectTypes() {
        return List.of(
                new ObjectType(GROUP, "Security groups, Microsoft 365 groups and distribution lists.", GROUP_ATTRIBUTES),
                new ObjectType(GROUP_MEMBER, "Direct memberships of groups; members may be users, groups, service "
                        + "principals, devices or contacts.", MEMBER_ATTRIBUTES, new Container(GROUP, "groupId")),
                new ObjectType(GROUP_OWNER, "Owners of groups (with ImportGroupOwners); owners may be users or service "
                        + "principals.", OWNER_ATTRIBUTES, new Container(GROUP, "groupId")));
    }

    /**
     * The Graph properties behind the group attributes.
     *
     * @return the property names
     */
    public static List<String> properties() {
        return GROUP_ATTRIBUTES.stream().map(Attribute::name).toList();
    }

    /**
     * The {@code memberType} (and {@code ownerType}) of an {@code @odata.type}:
     * {@code #microsoft.graph.servicePrincipal} becomes {@code ServicePrincipal}; a type this connector does not know is
     * kept, capitalised, never dropped.
     *
     * @param odataType the {@code @odata.type}, possibly {@code null}
     * @return the member type
     */
    public static String memberType(String odataType) {
        if (odataType == null || odataType.isBlank()) {
            return "Unknown";
        }
        String known = KNOWN_MEMBER_TYPES.get(odataType);
        if (known != null) {
            return known;
        }
        String name = odataType.substring(odataType.lastIndexOf('.') + 1);
        if (name.isEmpty() || name.startsWith("#")) {
            name = odataType.replace("#", "");
        }
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private static Attribute string(String name, String description) {
        return new Attribute(name, AttributeType.STRING, description);
    }
}
