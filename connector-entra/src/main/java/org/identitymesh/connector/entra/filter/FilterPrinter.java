package org.identitymesh.connector.entra.filter;

import java.util.List;

/**
 * Writes a tree as normalized OData text that parses back to an equal tree: lower-case keywords, single
 * spaces around binary operators, no spaces inside calls, {@code not(...)} always parenthesized, and
 * parentheses around an {@code and}/{@code or} operand only where precedence or grouping needs them.
 */
final class FilterPrinter {

    private FilterPrinter() {
    }

    /**
     * The normalized text of a tree.
     *
     * @param expression the tree
     * @return its OData text
     */
    static String print(FilterExpression expression) {
        StringBuilder out = new StringBuilder();
        append(out, expression);
        return out.toString();
    }

    private static void append(StringBuilder out, FilterExpression expression) {
        if (expression instanceof FilterExpression.Or or) {
            appendJunction(out, or.operands(), " or ", false);
        } else if (expression instanceof FilterExpression.And and) {
            appendJunction(out, and.operands(), " and ", true);
        } else if (expression instanceof FilterExpression.Not not) {
            out.append("not(");
            append(out, not.operand());
            out.append(')');
        } else if (expression instanceof FilterExpression.Comparison comparison) {
            out.append(comparison.subject()).append(' ').append(comparison.operator().keyword()).append(' ')
                    .append(comparison.value());
        } else if (expression instanceof FilterExpression.In in) {
            out.append(in.subject()).append(" in (");
            List<Literal> values = in.values();
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ",").append(values.get(i));
            }
            out.append(')');
        } else if (expression instanceof FilterExpression.FunctionCall call) {
            out.append(call.function().keyword()).append('(').append(call.subject()).append(',')
                    .append(call.argument()).append(')');
        } else if (expression instanceof FilterExpression.Lambda lambda) {
            out.append(lambda.collection()).append('/').append(lambda.quantifier().keyword()).append('(');
            if (lambda.body() != null) {
                out.append(lambda.variable()).append(':');
                append(out, lambda.body());
            }
            out.append(')');
        }
    }

    /**
     * Writes the operands of an {@code or} or {@code and}. An {@code or} operand is grouped when it is an
     * {@code or} (it was parenthesized); an {@code and} operand when it is an {@code or} (lower precedence) or an
     * {@code and} (it was parenthesized).
     */
    private static void appendJunction(StringBuilder out, List<FilterExpression> operands, String keyword,
            boolean isAnd) {
        for (int i = 0; i < operands.size(); i++) {
            FilterExpression operand = operands.get(i);
            boolean group = operand instanceof FilterExpression.Or
                    || (isAnd && operand instanceof FilterExpression.And);
            out.append(i == 0 ? "" : keyword);
            if (group) {
                out.append('(');
                append(out, operand);
                out.append(')');
            } else {
                append(out, operand);
            }
        }
    }
}
