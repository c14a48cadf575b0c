package org.identitymesh.connector.entra.filter;

import java.util.Locale;

/** The lambda operators over a collection. */
public enum Quantifier {
    /** True when some element satisfies the body; false for an empty or {@code null} collection. */
    ANY,
    /** True when every element satisfies the body; true for an empty or {@code null} collection. */
    ALL;

    /**
     * The OData keyword.
     *
     * @return {@code any} or {@code all}
     */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
