package org.identitymesh.connector.testkit.entra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties the simulator models for users, groups and devices, their kinds and the default {@code $select}.
 * Property values live in {@code Object[]} arrays indexed by {@link Property#ordinal()}; {@link #ABSENT} marks a
 * property never set, {@code null} a cleared one.
 */
final class PropertySchema {

    /** Marks a property that was never set (Graph omits it); distinct from {@code null} (cleared). */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    /** Select-mask bit for the {@code members} navigation property of groups. */
    static final long MEMBERS_BIT = 1L << 62;

    /** Select-mask bit for the {@code owners} navigation property of groups. */
    static final long OWNERS_BIT = 1L << 61;

    enum Kind { STRING, BOOLEAN, STRING_LIST, USER_REFERENCE, LICENSE_LIST }

    record Property(int ordinal, String name, Kind kind) {
        long bit() {
            return 1L << ordinal;
        }
    }

    static final PropertySchema USERS = new PropertySchema("users", "#microsoft.graph.user", false,
            new String[] {
                "userPrincipalName:S", "displayName:S", "givenName:S", "surname:S", "mail:S", "mailNickname:S",
                "jobTitle:S", "department:S", "companyName:S", "officeLocation:S", "employeeId:S",
                "accountEnabled:B", "userType:S", "businessPhones:L", "mobilePhone:S", "usageLocation:S",
                "createdDateTime:S", "onPremisesSyncEnabled:B", "manager:R", "assignedLicenses:A"},
            List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
                    "officeLocation", "surname", "userPrincipalName"),
            Set.of("preferredLanguage", "proxyAddresses", "otherMails", "imAddresses", "city", "country", "state",
                    "streetAddress", "postalCode", "faxNumber", "employeeType", "employeeHireDate", "ageGroup",
                    "identities", "externalUserState", "creationType", "onPremisesImmutableId",
                    "onPremisesSamAccountName", "onPremisesDistinguishedName", "onPremisesDomainName",
                    "onPremisesUserPrincipalName", "onPremisesSecurityIdentifier", "onPremisesLastSyncDateTime",
                    "securityIdentifier", "lastPasswordChangeDateTime", "deletedDateTime",
                    "preferredDataLocation", "showInAddressList", "employeeOrgData"));

    static final PropertySchema GROUPS = new PropertySchema("groups", "#microsoft.graph.group", true,
            new String[] {
                "displayName:S", "description:S", "mail:S", "mailNickname:S", "mailEnabled:B", "securityEnabled:B",
                "groupTypes:L", "visibility:S", "createdDateTime:S"},
            null,
            Set.of("proxyAddresses", "classification", "expirationDateTime", "renewedDateTime", "isAssignableToRole",
                    "membershipRule", "membershipRuleProcessingState", "onPremisesSyncEnabled",
                    "onPremisesSecurityIdentifier", "onPremisesSamAccountName", "onPremisesLastSyncDateTime",
                    "securityIdentifier", "theme", "preferredDataLocation", "preferredLanguage", "deletedDateTime",
                    "resourceProvisioningOptions", "resourceBehaviorOptions", "serviceProvisioningErrors"));

    /**
     * Devices: the v1.0 properties an inventory reads. Timestamps are kept as ISO-8601 text, like users'
     * {@code createdDateTime}; {@code registrationDateTime} stands in for the creation time.
     */
    static final PropertySchema DEVICES = new PropertySchema("devices", "#microsoft.graph.device", false,
            new String[] {
                "displayName:S", "deviceId:S", "accountEnabled:B", "operatingSystem:S", "operatingSystemVersion:S",
                "trustType:S", "isCompliant:B", "isManaged:B", "approximateLastSignInDateTime:S",
                "registrationDateTime:S", "deviceOwnership:S", "enrollmentType:S", "managementType:S",
                "manufacturer:S", "model:S", "profileType:S", "onPremisesSyncEnabled:B",
                "onPremisesLastSyncDateTime:S", "mdmAppId:S"},
            null,
            Set.of("alternativeSecurityIds", "complianceExpirationDateTime", "deviceCategory", "deviceMetadata",
                    "deviceVersion", "enrollmentProfileName", "extensionAttributes", "isManagementRestricted",
                    "isRooted", "onPremisesSecurityIdentifier", "physicalIds", "systemLabels", "deletedDateTime"));

    private final String entitySet;
    private final String odataType;
    private final boolean hasMembers;
    private final List<Property> properties;
    private final Map<String, Property> byName;
    private final long defaultSelect;
    private final long allProperties;
    private final Set<String> unmodelled;

    private PropertySchema(String entitySet, String odataType, boolean hasMembers, String[] defs,
            List<String> defaultNames, Set<String> unmodelled) {
        this.entitySet = entitySet;
        this.odataType = odataType;
        this.hasMembers = hasMembers;
        List<Property> list = new ArrayList<>();
        Map<String, Property> map = new HashMap<>();
        long all = 0;
        for (String def : defs) {
            int colon = def.indexOf(':');
            Kind kind = switch (def.charAt(colon + 1)) {
                case 'S' -> Kind.STRING;
                case 'B' -> Kind.BOOLEAN;
                case 'L' -> Kind.STRING_LIST;
                case 'R' -> Kind.USER_REFERENCE;
                case 'A' -> Kind.LICENSE_LIST;
                default -> throw new IllegalStateException(def);
            };
            Property p = new Property(list.size(), def.substring(0, colon), kind);
            list.add(p);
            map.put(p.name(), p);
            all |= p.bit();
        }
        this.properties = Collections.unmodifiableList(list);
        this.byName = Collections.unmodifiableMap(map);
        this.allProperties = all;
        long dflt;
        if (defaultNames == null) {
            dflt = all | (hasMembers ? MEMBERS_BIT : 0);
        } else {
            dflt = 0;
            for (String n : defaultNames) {
                dflt |= map.get(n).bit();
            }
        }
        this.defaultSelect = dflt;
        this.unmodelled = unmodelled;
    }

    /** {@code users}, {@code groups} or {@code devices}. */
    String entitySet() {
        return entitySet;
    }

    /** {@code #microsoft.graph.user}, {@code #microsoft.graph.group} or {@code #microsoft.graph.device}. */
    String odataType() {
        return odataType;
    }

    boolean hasMembers() {
        return hasMembers;
    }

    List<Property> properties() {
        return properties;
    }

    int size() {
        return properties.size();
    }

    Property property(String name) {
        return byName.get(name);
    }

    /** The properties Graph returns when a request has no {@code $select}. */
    long defaultSelect() {
        return defaultSelect;
    }

    long allProperties() {
        return allProperties;
    }

    /** A real Graph property the simulator accepts in {@code $select} but never sets. */
    boolean isUnmodelled(String name) {
        return unmodelled.contains(name);
    }

    /** Property names in a select mask, schema order, {@code members} and {@code owners} last. */
    List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (Property p : properties) {
            if ((mask & p.bit()) != 0) {
                out.add(p.name());
            }
        }
        if ((mask & MEMBERS_BIT) != 0) {
            out.add("members");
        }
        if ((mask & OWNERS_BIT) != 0) {
            out.add("owners");
        }
        return out;
    }

    /** A fresh value array with every property {@link #ABSENT}. */
    Object[] emptyValues() {
        Object[] v = new Object[properties.size()];
        java.util.Arrays.fill(v, ABSENT);
        return v;
    }

    /**
     * Checks a value for a property and returns the stored form (lists copied to unmodifiable lists).
     *
     * @throws IllegalArgumentException if the value has the wrong type
     */
    Object normalize(Property p, Object value) {
        if (value == null) {
            return null;
        }
        switch (p.kind()) {
            case STRING, USER_REFERENCE -> {
                if (value instanceof String s) {
                    return s;
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
            }
            case STRING_LIST -> {
                if (value instanceof List<?> l) {
                    List<String> copy = new ArrayList<>(l.size());
                    for (Object o : l) {
                        if (!(o instanceof String s)) {
                            throw new IllegalArgumentException(p.name() + " takes a list of strings, not " + l);
                        }
                        copy.add(s);
                    }
                    return Collections.unmodifiableList(copy);
                }
            }
            case LICENSE_LIST -> {
                if (value instanceof List<?> l) {
                    List<AssignedLicense> copy = new ArrayList<>(l.size());
                    for (Object o : l) {
                        if (!(o instanceof AssignedLicense license)) {
                            throw new IllegalArgumentException(p.name() + " takes a list of AssignedLicense, not " + l);
                        }
                        copy.add(license);
                    }
                    return Collections.unmodifiableList(copy);
                }
            }
            default -> throw new IllegalStateException();
        }
        throw new IllegalArgumentException(p.name() + " takes a " + p.kind() + ", not " + value.getClass().getName());
    }
}
