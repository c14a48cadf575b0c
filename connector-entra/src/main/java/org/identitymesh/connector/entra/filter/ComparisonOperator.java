package org.identitymesh.connector.entra.filter;

import java.util.Locale;

/** The comparison operators. */
public enum ComparisonOperator {
    /** Equal. */
    EQ,
    /** Not equal. */
    NE,
    /** Greater than. */
    GT,
    /** Greater than or equal. */
    GE,
    /** Less than. */
    LT,
    /** Less than or equal. */
    LE;

    private final String keyword = name().toLowerCase(Locale.ROOT);

    /**
     * The OData keyword.
     *
     * @return {@code eq}, {@code ne}, ...
     */
    public String keyword() {
        return keyword;
    }

    /**
     * Whether the operator orders its operands; {@code gt}, {@code ge}, {@code lt} and {@code le} do.
     *
     * @return {@code true} unless {@code eq} or {@code ne}
     */
    public boolean isOrdering() {
        return this != EQ && this != NE;
    }
}
