package org.identitymesh.connector.entra.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.Container;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;

/**
 * The object types the Entra connector delivers, their attributes, and the Graph properties behind them. Attribute
 * names are Graph's property names; array properties are joined with commas.
 */
public final class EntraSchema {

    /** The user type. */
    public static final String USER = "User";
    /** The group type. */
    public static final String GROUP = "Group";
    /** The membership type: one record per group and direct member, id {@code <groupId>:<memberId>}. */
    public static final String GROUP_MEMBER = "GroupMember";

    /** The manager attribute of users, with {@code ImportManager}. */
    public static final String MANAGER_ID = "managerId";

    static final List<Attribute> USER_ATTRIBUTES = List.of(
            string("id", "The immutable object id; also the external id."),
            string("userPrincipalName", "The sign-in name, for example ada@contoso.com; can change."),
            string("displayName", "The name shown in address lists."),
            string("givenName", "First name."),
            string("surname", "Last name."),
            string("mail", "The primary SMTP address; absent for users without a mailbox."),
            string("mailNickname", "The mail alias."),
            string("jobTitle", "Job title."),
            string("department", "Department."),
            string("companyName", "Company name."),
            string("officeLocation", "Office location."),
            string("employeeId", "Employee id from HR."),
            string("employeeType", "Employee type, for example Employee or Contractor."),
            new Attribute("accountEnabled", AttributeType.BOOLEAN, "Whether the account can sign in."),
            string("userType", "Member or Guest."),
            string("businessPhones", "Business phone numbers, joined with commas."),
            string("mobilePhone", "Mobile phone number."),
            string("usageLocation", "Two-letter country code used for licensing."),
            string("preferredLanguage", "Preferred language, for example en-US."),
            string("city", "City."),
            string("country", "Country or region."),
            new Attribute("createdDateTime", AttributeType.TIMESTAMP, "When the user was created."),
            new Attribute("onPremisesSyncEnabled", AttributeType.BOOLEAN,
                    "Whether the user is synchronised from on-premises Active Directory."),
            string("onPremisesImmutableId", "The on-premises anchor, for synchronised users."),
            string(MANAGER_ID, "The object id of the user's manager (with ImportManager)."));

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

    private EntraSchema() {
    }

    /**
     * The object types, in delivery order.
     *
     * @return User, Group, GroupMember
     */
    public static List<ObjectType> objectTypes() {
        return List.of(
                new ObjectType(USER, "Users of the tenant, members and guests.", USER_ATTRIBUTES),
                new ObjectType(GROUP, "Security groups, Microsoft 365 groups and distribution lists.", GROUP_ATTRIBUTES),
                new ObjectType(GROUP_MEMBER, "Direct memberships of groups; members may be users, groups, service "
                        + "principals, devices or contacts.", MEMBER_ATTRIBUTES, new Container(GROUP, "groupId")));
    }

    /**
     * The Graph properties behind the user attributes, without {@code managerId}.
     *
     * @return the property names
     */
    public static List<String> userProperties() {
        return graphProperties(USER_ATTRIBUTES);
    }

    /**
     * The Graph properties behind the group attributes.
     *
     * @return the property names
     */
    public static List<String> groupProperties() {
        return graphProperties(GROUP_ATTRIBUTES);
    }

    /**
     * The {@code memberType} of an {@code @odata.type}: {@code #microsoft.graph.servicePrincipal} becomes
     * {@code ServicePrincipal}; a type this connector does not know is kept, capitalised, never dropped.
     *
     * @param odataType the {@code @odata.type}, possibly {@code null}
     * @return the member type
     */
    public static String memberType(String odataType) {
        if (odataType == null || odataType.isBlank()) {
            return "Unknown";
        }
        String known = KNOWN_MEMBER_TYPES.get(odataType);
        return known != null ? known : capitalised(odataType);
    }

    private static final java.util.Map<String, String> KNOWN_MEMBER_TYPES = java.util.Map.of(
            "#microsoft.graph.user", "User", "#microsoft.graph.group", "Group",
            "#microsoft.graph.servicePrincipal", "ServicePrincipal", "#microsoft.graph.device", "Device",
            "#microsoft.graph.orgContact", "OrgContact");

    private static String capitalised(String odataType) {
        String name = odataType.substring(odataType.lastIndexOf('.') + 1);
        if (name.isEmpty() || name.startsWith("#")) {
            name = odataType.replace("#", "");
        }
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private static List<String> graphProperties(List<Attribute> attributes) {
        List<String> names = new ArrayList<>();
        for (Attribute a : attributes) {
            if (!a.name().equals(MANAGER_ID)) {
                names.add(a.name());
            }
        }
        return names;
    }

    private static Attribute string(String name, String description) {
        return new Attribute(name, AttributeType.STRING, description);
    }
}
