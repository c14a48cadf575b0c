package org.identitymesh.connector.entra.filter;

import java.util.Locale;

/** The string functions. */
public enum StringFunction {
    /** {@code startswith(subject,'prefix')}. */
    STARTSWITH,
    /** {@code endswith(subject,'suffix')}. */
    ENDSWITH;

    /**
     * The OData function name.
     *
     * @return {@code startswith} or {@code endswith}
     */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
