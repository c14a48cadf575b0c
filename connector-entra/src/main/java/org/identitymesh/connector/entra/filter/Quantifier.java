package org.identitymesh.connector.entra.filter;

import java.util.Locale;

/** The lambda operators over a collection. */
public enum Quantifier {
    /**
     * True when some element satisfies the body, or without a body ({@code any()}) when there is an element; false
     * for an empty or {@code null} collection.
     */
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

    /**
     * The quantifier a word names, in any case.
     *
     * @param word any word
     * @return {@code ANY}, {@code ALL}, or {@code null} for another word
     */
    static Quantifier of(String word) {
        return word.equalsIgnoreCase("any") ? ANY : word.equalsIgnoreCase("all") ? ALL : null;
    }
}
