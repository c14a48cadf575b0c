package org.identitymesh.connector.entra.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed scoping filter: an immutable tree of records, evaluated locally against one directory object.
 *
 * <p>Obtain one with {@link #parse(String)}. Trees are values: texts that differ only in keyword case,
 * whitespace and parentheses that group nothing ({@code ((a eq 1))}, {@code a or (b eq 2 and c eq 3)}) parse to
 * {@linkplain Object#equals equal} trees, and {@code parse(expression.toString())} equals {@code expression}.
 * A chain of one operator is one node with many operands; a parenthesized chain of the same operator stays a
 * group ({@code (a eq 1 or b eq 2) or c eq 3} is an {@code or} whose first operand is an {@code or}).
 * {@code toString()} gives the normalized OData text: lower-case keywords and function names, single spaces
 * around operators, none inside calls, {@code not(...)} always with parentheses, parentheses elsewhere only
 * where precedence or such a group needs them. The package documentation describes the grammar and the
 * evaluation rules.
 */
public sealed interface FilterExpression permits FilterExpression.Or, FilterExpression.And, FilterExpression.Not,
        FilterExpression.Comparison, FilterExpression.In, FilterExpression.FunctionCall, FilterExpression.Lambda {

    /**
     * Parses a filter.
     *
     * @param filter the OData {@code $filter} text, for example {@code startswith(displayName,'IM-')}
     * @return the tree
     * @throws FilterSyntaxException when {@code filter} is {@code null}, empty, malformed, unsupported, nested
     *                               more than 64 levels deep or longer than 32,768 characters; never any other
     *                               exception
     */
    static FilterExpression parse(String filter) {
        return FilterParser.parse(filter);
    }

    /**
     * Evaluates the filter against one object.
     *
     * @param source the object's properties
     * @return {@code MATCH}, {@code NO_MATCH}, or {@code UNKNOWN} with the properties the object lacks and the
     *         decision needs
     * @throws NullPointerException     when {@code source} is {@code null}
     * @throws IllegalArgumentException when a hand-built tree uses a lambda variable outside its lambda
     */
    default FilterResult evaluate(PropertySource source) {
        return FilterEvaluator.evaluate(this, Objects.requireNonNull(source, "source"));
    }

    /**
     * Whether the object matches, when its properties decide it.
     *
     * @param source the object's properties
     * @return {@code true} on a match
     * @throws MissingPropertiesException when the decision needs properties the object lacks; fetch them and
     *                                    evaluate again, or use {@link #evaluate(PropertySource)}
     * @throws NullPointerException       when {@code source} is {@code null}
     */
    default boolean matches(PropertySource source) {
        FilterResult result = evaluate(source);
        if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
            throw new MissingPropertiesException(result.missingProperties());
        }
        return result.outcome() == FilterResult.Outcome.MATCH;
    }

    /**
     * The properties the filter reads, lambda collections included and lambda variables (with their paths)
     * excluded, in order of first appearance; add them to {@code $select}.
     *
     * @return an unmodifiable set of property names, as written in the filter
     */
    default Set<String> referencedProperties() {
        Set<String> names = new LinkedHashSet<>();
        collectProperties(this, names);
        return Collections.unmodifiableSet(names);
    }

    private static void collectProperties(FilterExpression expression, Set<String> names) {
        if (expression instanceof Or or) {
            or.operands().forEach(operand -> collectProperties(operand, names));
        } else if (expression instanceof And and) {
            and.operands().forEach(operand -> collectProperties(operand, names));
        } else if (expression instanceof Not not) {
            collectProperties(not.operand(), names);
        } else if (expression instanceof Comparison comparison) {
            collectProperty(comparison.subject(), names);
        } else if (expression instanceof In in) {
            collectProperty(in.subject(), names);
        } else if (expression instanceof FunctionCall call) {
            collectProperty(call.subject(), names);
        } else if (expression instanceof Lambda lambda) {
            collectProperty(lambda.collection(), names);
            if (lambda.body() != null) {
                collectProperties(lambda.body(), names);
            }
        }
    }

    private static void collectProperty(Operand operand, Set<String> names) {
        if (operand instanceof Operand.Property) {
            names.add(operand.name());
        }
    }

    private static List<FilterExpression> requireOperands(List<FilterExpression> operands, String keyword) {
        List<FilterExpression> copy = List.copyOf(Objects.requireNonNull(operands, keyword + " operands"));
        if (copy.size() < 2) {
            throw new IllegalArgumentException("'" + keyword + "' needs at least two operands, got " + copy.size());
        }
        return copy;
    }

    /**
     * {@code a or b or ...}: true when any operand is.
     *
     * @param operands two or more operands, in order; an operand that is itself an {@code Or} was parenthesized
     */
    record Or(List<FilterExpression> operands) implements FilterExpression {

        /**
         * Validates and copies the operands.
         *
         * @throws NullPointerException     when the list or an operand is {@code null}
         * @throws IllegalArgumentException when there are fewer than two operands
         */
        public Or {
            operands = requireOperands(operands, "or");
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code a and b and ...}: true when every operand is.
     *
     * @param operands two or more operands, in order; an operand that is itself an {@code And} was parenthesized
     */
    record And(List<FilterExpression> operands) implements FilterExpression {

        /**
         * Validates and copies the operands.
         *
         * @throws NullPointerException     when the list or an operand is {@code null}
         * @throws IllegalArgumentException when there are fewer than two operands
         */
        public And {
            operands = requireOperands(operands, "and");
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code not(operand)}.
     *
     * @param operand the negated expression
     */
    record Not(FilterExpression operand) implements FilterExpression {

        /**
         * Validates the operand.
         *
         * @throws NullPointerException when {@code operand} is {@code null}
         */
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code subject operator value}, for example {@code displayName eq 'Sales'}.
     *
     * @param subject  the property or lambda variable read
     * @param operator the operator
     * @param value    the literal; a string, integer or timestamp for an ordering operator
     */
    record Comparison(Operand subject, ComparisonOperator operator, Literal value) implements FilterExpression {

        /**
         * Validates the components.
         *
         * @throws NullPointerException     when a component is {@code null}
         * @throws IllegalArgumentException when an ordering operator gets a boolean or {@code null}
         */
        public Comparison {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if (operator.isOrdering() && !value.isOrdered()) {
                throw new IllegalArgumentException(
                        "'" + operator.keyword() + "' needs a string, integer or timestamp, got " + value);
            }
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code subject in (v1,v2,...)}: true when {@code subject eq v} for some value.
     *
     * @param subject the property or lambda variable read
     * @param values  one or more literals, in order
     */
    record In(Operand subject, List<Literal> values) implements FilterExpression {

        /**
         * Validates and copies the components.
         *
         * @throws NullPointerException     when a component or a value is {@code null}
         * @throws IllegalArgumentException when {@code values} is empty
         */
        public In {
            Objects.requireNonNull(subject, "subject");
            values = List.copyOf(Objects.requireNonNull(values, "values"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("'in' needs at least one value");
            }
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code startswith(subject,'text')} or {@code endswith(subject,'text')}.
     *
     * @param function the function
     * @param subject  the property or lambda variable read
     * @param argument the prefix or suffix
     */
    record FunctionCall(StringFunction function, Operand subject, Literal.Text argument) implements FilterExpression {

        /**
         * Validates the components.
         *
         * @throws NullPointerException when a component is {@code null}
         */
        public FunctionCall {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(argument, "argument");
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }

    /**
     * {@code collection/any(variable:body)}, {@code collection/all(variable:body)} or {@code collection/any()}, for
     * example {@code groupTypes/any(c:c eq 'Unified')},
     * {@code assignedLicenses/any(x:x/skuId eq 05e9a617-0261-4cee-bb44-138d3ef5d965)} or
     * {@code assignedLicenses/any()}.
     *
     * @param collection the collection: a property of the object or, for a lambda inside another lambda's body, a
     *                   path from that lambda's variable ({@code x/disabledPlans})
     * @param quantifier {@code any} or {@code all}
     * @param variable   the name that stands for one element in {@code body}; {@code null} for {@code any()}
     * @param body       the condition on one element, {@code null} for {@code any()}; it reads its variable only,
     *                   directly, through a path ({@code x/skuId}) or as the collection of a nested lambda
     */
    record Lambda(Operand collection, Quantifier quantifier, String variable, FilterExpression body)
            implements FilterExpression {

        /**
         * Validates the components.
         *
         * @throws NullPointerException     when {@code collection} or {@code quantifier} is {@code null}
         * @throws IllegalArgumentException when only one of {@code variable} and {@code body} is {@code null}, when
         *                                  {@code all} has no body, when the variable is no identifier or a
         *                                  keyword, or when {@code body} reads a property or another variable, or
         *                                  holds a lambda that is not over its variable or that reuses its name
         */
        public Lambda {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(quantifier, "quantifier");
            if ((variable == null) != (body == null)) {
                throw new IllegalArgumentException("a lambda has a variable and a body, or neither (any())");
            }
            if (variable == null) {
                if (quantifier != Quantifier.ANY) {
                    throw new IllegalArgumentException("only any() may have no lambda; all needs one");
                }
            } else {
                FilterTokenizer.requireName(variable, "lambda variable");
                requireOnlyVariable(body, variable);
            }
        }

        /**
         * A lambda over a property of the object.
         *
         * @param collection the collection property
         * @param quantifier {@code any} or {@code all}
         * @param variable   the lambda variable, or {@code null} for {@code any()}
         * @param body       the condition on one element, or {@code null} for {@code any()}
         * @throws IllegalArgumentException as the canonical constructor, or when {@code collection} is no
         *                                  identifier or a keyword
         */
        public Lambda(String collection, Quantifier quantifier, String variable, FilterExpression body) {
            this(new Operand.Property(collection), quantifier, variable, body);
        }

        private static void requireOnlyVariable(FilterExpression body, String variable) {
            if (body instanceof Or or) {
                or.operands().forEach(operand -> requireOnlyVariable(operand, variable));
            } else if (body instanceof And and) {
                and.operands().forEach(operand -> requireOnlyVariable(operand, variable));
            } else if (body instanceof Not not) {
                requireOnlyVariable(not.operand(), variable);
            } else if (body instanceof Comparison comparison) {
                requireVariable(comparison.subject(), variable);
            } else if (body instanceof In in) {
                requireVariable(in.subject(), variable);
            } else if (body instanceof FunctionCall call) {
                requireVariable(call.subject(), variable);
            } else if (body instanceof Lambda lambda) {
                // the nested lambda validated its own body when it was built
                requireVariable(lambda.collection(), variable);
                if (binds(lambda, variable)) {
                    throw new IllegalArgumentException("a nested lambda reuses the variable '" + variable + "': "
                            + lambda);
                }
            }
        }

        private static void requireVariable(Operand operand, String variable) {
            if (!(operand instanceof Operand.Variable) || !operand.name().equals(variable)) {
                throw new IllegalArgumentException("a lambda body reads its variable '" + variable
                        + "' only, not " + operand);
            }
        }

        /** Whether a lambda, or one nested in its body, names its variable {@code variable}. */
        private static boolean binds(Lambda lambda, String variable) {
            return variable.equals(lambda.variable()) || (lambda.body() != null && bindsInside(lambda.body(), variable));
        }

        private static boolean bindsInside(FilterExpression expression, String variable) {
            if (expression instanceof Or or) {
                return or.operands().stream().anyMatch(operand -> bindsInside(operand, variable));
            }
            if (expression instanceof And and) {
                return and.operands().stream().anyMatch(operand -> bindsInside(operand, variable));
            }
            if (expression instanceof Not not) {
                return bindsInside(not.operand(), variable);
            }
            return expression instanceof Lambda lambda && binds(lambda, variable);
        }

        /** The normalized OData text. */
        @Override
        public String toString() {
            return FilterPrinter.print(this);
        }
    }
}
