package org.identitymesh.connector.entra.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@link FilterExpression#matches} cannot decide because the object lacks properties the filter reads: fetch
 * them and evaluate again. {@link FilterExpression#evaluate} reports the same without an exception.
 */
public final class MissingPropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The missing properties, in order of appearance in the filter. */
    private final transient Set<String> missingProperties;

    /**
     * Creates the exception.
     *
     * @param missingProperties the absent properties the decision depends on
     */
    MissingPropertiesException(Set<String> missingProperties) {
        super("the object lacks properties the filter needs: " + String.join(", ", missingProperties));
        this.missingProperties = Collections.unmodifiableSet(new LinkedHashSet<>(missingProperties));
    }

    /**
     * The properties to fetch before evaluating again.
     *
     * @return an unmodifiable set of property names, as written in the filter
     */
    public Set<String> missingProperties() {
        return missingProperties;
    }
}
