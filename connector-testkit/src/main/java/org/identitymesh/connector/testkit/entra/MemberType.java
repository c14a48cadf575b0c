package org.identitymesh.connector.testkit.entra;

/** The kinds of directory object that can be a member of a group, with their OData type names. */
public enum MemberType {
    /** A user. */
    USER("#microsoft.graph.user"),
    /** A group (nested group). */
    GROUP("#microsoft.graph.group"),
    /** A service principal (an application's identity). */
    SERVICE_PRINCIPAL("#microsoft.graph.servicePrincipal"),
    /** A device. */
    DEVICE("#microsoft.graph.device"),
    /** An organizational contact. */
    ORG_CONTACT("#microsoft.graph.orgContact");

    private final String odataType;

    MemberType(String odataType) {
        this.odataType = odataType;
    }

    /**
     * The value Graph puts in {@code @odata.type}.
     *
     * @return for example {@code #microsoft.graph.user}
     */
    public String odataType() {
        return odataType;
    }

    /**
     * The member type for an {@code @odata.type} value.
     *
     * @param odataType for example {@code #microsoft.graph.group}
     * @return the member type
     * @throws IllegalArgumentException if the value names no member type
     */
    public static MemberType fromOdataType(String odataType) {
        for (MemberType t : values()) {
            if (t.odataType.equals(odataType)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a member type: " + odataType);
    }
}
