package org.identitymesh.connector.entra.filter;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.identitymesh.connector.entra.filter.FilterResult.Outcome;

/**
 * Evaluates a tree against one object with three-valued logic: an absent property makes the predicate reading
 * it unknown, and unknown spreads upwards unless the rest decides ({@code false and unknown} is false,
 * {@code true or unknown} is true). The package documentation lists the rules for {@code null}, case and
 * mismatched types.
 */
final class FilterEvaluator {

    /**
     * What a path reads through a value that is not an object ({@code x/skuId} on a string element): it fails every
     * comparison, {@code eq null} and {@code ne null} included, and is no collection.
     */
    private static final Object NOT_AN_OBJECT = new Object() {
        @Override
        public String toString() {
            return "NOT_AN_OBJECT";
        }
    };

    private final PropertySource source;

    private FilterEvaluator(PropertySource source) {
        this.source = source;
    }

    /**
     * Evaluates a tree.
     *
     * @param expression the tree
     * @param source     the object's properties
     * @return the result
     */
    static FilterResult evaluate(FilterExpression expression, PropertySource source) {
        return new FilterEvaluator(source).decide(expression, null);
    }

    /**
     * The value a lambda variable stands for while its body is evaluated.
     *
     * @param name  the variable
     * @param value the current element of the collection
     */
    private record Binding(String name, Object value) {
    }

    private FilterResult decide(FilterExpression expression, Binding binding) {
        if (expression instanceof FilterExpression.Or or) {
            return junction(or.operands(), binding, Outcome.MATCH);
        }
        if (expression instanceof FilterExpression.And and) {
            return junction(and.operands(), binding, Outcome.NO_MATCH);
        }
        if (expression instanceof FilterExpression.Not not) {
            FilterResult result = decide(not.operand(), binding);
            return result.outcome() == Outcome.UNKNOWN ? result : FilterResult.of(result.outcome() == Outcome.NO_MATCH);
        }
        if (expression instanceof FilterExpression.Comparison comparison) {
            Object value = read(comparison.subject(), binding);
            return value == PropertySource.ABSENT ? missing(comparison.subject())
                    : FilterResult.of(compare(value, comparison.operator(), comparison.value()));
        }
        if (expression instanceof FilterExpression.In in) {
            Object value = read(in.subject(), binding);
            if (value == PropertySource.ABSENT) {
                return missing(in.subject());
            }
            return FilterResult.of(in.values().stream().anyMatch(v -> compare(value, ComparisonOperator.EQ, v)));
        }
        if (expression instanceof FilterExpression.FunctionCall call) {
            Object value = read(call.subject(), binding);
            return value == PropertySource.ABSENT ? missing(call.subject())
                    : FilterResult.of(test(call.function(), value, call.argument().value()));
        }
        FilterExpression.Lambda lambda = (FilterExpression.Lambda) expression;
        return lambda(lambda, binding);
    }

    /**
     * An {@code or} ({@code decisive} = MATCH) or an {@code and} ({@code decisive} = NO_MATCH): the first
     * decisive operand decides; otherwise any unknown operand makes the whole unknown, with every missing
     * property of the unknown operands.
     */
    private FilterResult junction(Iterable<FilterExpression> operands, Binding binding, Outcome decisive) {
        Set<String> missing = null;
        for (FilterExpression operand : operands) {
            FilterResult result = decide(operand, binding);
            if (result.outcome() == decisive) {
                return result;
            }
            if (result.outcome() == Outcome.UNKNOWN) {
                missing = missing == null ? new LinkedHashSet<>() : missing;
                missing.addAll(result.missingProperties());
            }
        }
        return missing != null ? FilterResult.unknown(missing) : FilterResult.of(decisive == Outcome.NO_MATCH);
    }

    /**
     * {@code any} or {@code all} over a collection property, or over a path from the enclosing lambda's variable;
     * {@code null} counts as empty. {@code any()} without a body is true when there is an element.
     */
    private FilterResult lambda(FilterExpression.Lambda lambda, Binding binding) {
        Object value = read(lambda.collection(), binding);
        if (value == PropertySource.ABSENT) {
            return missing(lambda.collection());
        }
        Collection<?> elements;
        if (value == null) {
            elements = Set.of();
        } else if (value instanceof Collection<?> collection) {
            elements = collection;
        } else {
            return FilterResult.NO_MATCH; // a scalar or an object where a collection was expected
        }
        if (lambda.body() == null) {
            return FilterResult.of(!elements.isEmpty());
        }
        boolean any = lambda.quantifier() == Quantifier.ANY;
        Set<String> missing = null;
        for (Object element : elements) {
            FilterResult result = decide(lambda.body(), new Binding(lambda.variable(), normalize(element)));
            if (result.outcome() == (any ? Outcome.MATCH : Outcome.NO_MATCH)) {
                return result;
            }
            if (result.outcome() == Outcome.UNKNOWN) {
                missing = missing == null ? new LinkedHashSet<>() : missing;
                missing.addAll(result.missingProperties());
            }
        }
        return missing != null ? FilterResult.unknown(missing) : FilterResult.of(!any);
    }

    private Object read(Operand operand, Binding binding) {
        if (operand instanceof Operand.Variable) {
            if (binding == null || !binding.name().equals(operand.name())) {
                throw new IllegalArgumentException("lambda variable '" + operand.name() + "' used outside its lambda");
            }
            Object value = binding.value();
            for (String segment : ((Operand.Variable) operand).path()) {
                value = member(value, segment);
            }
            return normalize(value);
        }
        Object value = source.value(operand.name());
        return value == PropertySource.ABSENT ? value : normalize(value);
    }

    /**
     * A property of an element that is an object (a JSON object parsed into a map), matched exactly first, then
     * ignoring case, as Graph matches names. Complex values always carry every property, so a missing one is
     * {@code null}, never absent; a {@code null} element gives {@code null}; a value that is no object gives
     * {@link #NOT_AN_OBJECT}.
     */
    private static Object member(Object value, String name) {
        if (value == null || value == NOT_AN_OBJECT) {
            return value;
        }
        if (!(value instanceof Map<?, ?> object)) {
            return NOT_AN_OBJECT;
        }
        if (object.containsKey(name)) {
            return object.get(name);
        }
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (entry.getKey() instanceof String key && key.equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static FilterResult missing(Operand operand) {
        return FilterResult.unknown(Set.of(operand.name()));
    }

    /** Integral numbers as {@link Long}; everything else unchanged. */
    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }

    /**
     * {@code value operator literal}. Against {@code null}: {@code eq null} holds for {@code null} only,
     * {@code ne} is its negation. A {@code null} value fails every other comparison except {@code ne}. A value
     * of another type than the literal fails every comparison, {@code ne} included.
     */
    private static boolean compare(Object value, ComparisonOperator operator, Literal literal) {
        if (value == NOT_AN_OBJECT) {
            return false;
        }
        if (literal instanceof Literal.Null) {
            return (operator == ComparisonOperator.EQ) == (value == null);
        }
        if (value == null) {
            return operator == ComparisonOperator.NE;
        }
        Integer order = order(value, literal);
        if (order == null) {
            return false;
        }
        return switch (operator) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            case LT -> order < 0;
            case LE -> order <= 0;
        };
    }

    /** The sign of {@code value - literal}, or {@code null} when their types differ. */
    private static Integer order(Object value, Literal literal) {
        if (literal instanceof Literal.Text text) {
            return value instanceof String string ? compareIgnoringCase(string, text.value()) : null;
        }
        if (literal instanceof Literal.Timestamp timestamp) {
            return value instanceof String string ? compareIgnoringCase(string, timestamp.text()) : null;
        }
        if (literal instanceof Literal.Guid guid) {
            return value instanceof String string ? compareIgnoringCase(string, guid.text()) : null;
        }
        if (literal instanceof Literal.Int integer) {
            return value instanceof Long number ? Long.compare(number, integer.value()) : null;
        }
        if (literal instanceof Literal.Bool bool) {
            return value instanceof Boolean flag ? Boolean.compare(flag, bool.value()) : null;
        }
        return null;
    }

    /** Orders strings ignoring case, locale-independently; equal exactly when {@code equalsIgnoreCase}. */
    private static int compareIgnoringCase(String value, String literal) {
        return String.CASE_INSENSITIVE_ORDER.compare(value, literal);
    }

    /** {@code startswith} / {@code endswith}, ignoring case; false for {@code null} and non-strings. */
    private static boolean test(StringFunction function, Object value, String argument) {
        if (!(value instanceof String string) || string.length() < argument.length()) {
            return false;
        }
        int offset = function == StringFunction.STARTSWITH ? 0 : string.length() - argument.length();
        return string.regionMatches(true, offset, argument, 0, argument.length());
    }
}
