package org.identitymesh.connector.entra.users;

import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.entra.config.EntraConfig;

/** The {@code User} object type: its attributes, named as Graph's properties; arrays are joined with commas. */
public final class UserSchema {

    /** The user type. */
    public static final String USER = "User";

    /** The manager attribute of users, with {@code ImportManager}. */
    public static final String MANAGER_ID = "managerId";

    static final List<Attribute> ATTRIBUTES = List.of(
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

    private UserSchema() {
    }

    /**
     * The user type as the descriptor shows it.
     *
     * @return the type
     */
    public static ObjectType objectType() {
        return new ObjectType(USER, "Users of the tenant, members and guests.", ATTRIBUTES);
    }

    /**
     * The user type as a configuration delivers it: {@code managerId} only with {@code ImportManager}, and the
     * attributes {@code AdditionalUserAttributes} adds.
     *
     * @param config the configuration
     * @return the type
     */
    public static ObjectType objectType(EntraConfig config) {
        return new ObjectType(USER, "Users of the tenant, members and guests.",
                withAdditional(config.importManager() ? ATTRIBUTES : withoutManager(), config));
    }

    /**
     * The attributes read from the user's own properties: every standard one but {@code managerId}, then those
     * {@code AdditionalUserAttributes} adds, as strings.
     *
     * @param config the configuration
     * @return the attributes, in delivery order
     */
    static List<Attribute> selected(EntraConfig config) {
        return withAdditional(withoutManager(), config);
    }

    private static List<Attribute> withoutManager() {
        return ATTRIBUTES.stream().filter(a -> !a.name().equals(MANAGER_ID)).toList();
    }

    private static List<Attribute> withAdditional(List<Attribute> standard, EntraConfig config) {
        List<Attribute> list = new ArrayList<>(standard);
        for (String extra : config.additionalUserAttributes()) {
            if (list.stream().noneMatch(a -> a.name().equalsIgnoreCase(extra))) {
                list.add(new Attribute(extra, AttributeType.STRING, "Added by AdditionalUserAttributes: Graph's value "
                        + "as text; a list of strings joined with commas, an object or a list of objects as its JSON "
                        + "text"));
            }
        }
        return List.copyOf(list);
    }

    /**
     * The Graph properties behind the user attributes, without {@code managerId}.
     *
     * @return the property names
     */
    public static List<String> properties() {
        return withoutManager().stream().map(Attribute::name).toList();
    }

    private static Attribute string(String name, String description) {
        return new Attribute(name, AttributeType.STRING, description);
    }
}
