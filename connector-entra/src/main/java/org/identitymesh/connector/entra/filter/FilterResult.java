package org.identitymesh.connector.entra.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of evaluating a filter against one object: it matches, it does not, or the object lacks
 * properties the decision needs.
 *
 * <pre>
 * switch (result.outcome()) {
 *     case MATCH -&gt; keep(object);
 *     case NO_MATCH -&gt; dropFromScope(object);
 *     case UNKNOWN -&gt; fetch(object.id(), result.missingProperties());  // then evaluate again
 * }
 * </pre>
 *
 * @param outcome           the outcome
 * @param missingProperties for {@link Outcome#UNKNOWN}, the absent properties the decision depends on, in
 *                          order of appearance in the filter; empty otherwise
 */
public record FilterResult(Outcome outcome, Set<String> missingProperties) {

    /** The object matches. */
    public static final FilterResult MATCH = new FilterResult(Outcome.MATCH, Set.of());

    /** The object does not match. */
    public static final FilterResult NO_MATCH = new FilterResult(Outcome.NO_MATCH, Set.of());

    /** What evaluation decided. */
    public enum Outcome {
        /** The filter is true for the object. */
        MATCH,
        /** The filter is false for the object. */
        NO_MATCH,
        /** The object lacks properties that decide; {@link FilterResult#missingProperties()} names them. */
        UNKNOWN
    }

    /**
     * Validates and copies the components.
     *
     * @throws NullPointerException     when a component or a property name is {@code null}
     * @throws IllegalArgumentException when {@code missingProperties} is empty for {@code UNKNOWN} or not empty
     *                                  otherwise
     */
    public FilterResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(missingProperties, "missingProperties");
        missingProperties.forEach(name -> Objects.requireNonNull(name, "missing property name"));
        if ((outcome == Outcome.UNKNOWN) == missingProperties.isEmpty()) {
            throw new IllegalArgumentException(outcome == Outcome.UNKNOWN
                    ? "an UNKNOWN result names the missing properties"
                    : "only an UNKNOWN result has missing properties");
        }
        missingProperties = Collections.unmodifiableSet(new LinkedHashSet<>(missingProperties));
    }

    /**
     * An undecided result.
     *
     * @param missingProperties the absent properties the decision depends on; at least one
     * @return the result
     */
    public static FilterResult unknown(Set<String> missingProperties) {
        return new FilterResult(Outcome.UNKNOWN, missingProperties);
    }

    /**
     * The decided result for a boolean.
     *
     * @param matches whether the object matches
     * @return {@link #MATCH} or {@link #NO_MATCH}
     */
    public static FilterResult of(boolean matches) {
        return matches ? MATCH : NO_MATCH;
    }
}
