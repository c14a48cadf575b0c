package org.identitymesh.connector.entra.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/** Short builders for expected trees and property sources in the tests. */
final class Trees {

    private Trees() {
    }

    static Operand.Property p(String name) {
        return new Operand.Property(name);
    }

    static Operand.Variable v(String name) {
        return new Operand.Variable(name);
    }

    /** A variable with a path into its element, {@code x/skuId}. */
    static Operand.Variable v(String name, String... path) {
        return new Operand.Variable(name, List.of(path));
    }

    static Literal guid(String text) {
        return new Literal.Guid(text);
    }

    static Literal s(String value) {
        return new Literal.Text(value);
    }

    static Literal i(long value) {
        return new Literal.Int(value);
    }

    static FilterExpression cmp(Operand subject, ComparisonOperator operator, Literal value) {
        return new FilterExpression.Comparison(subject, operator, value);
    }

    static FilterExpression eq(Operand subject, Literal value) {
        return cmp(subject, ComparisonOperator.EQ, value);
    }

    static FilterExpression eq(String property, String value) {
        return eq(p(property), s(value));
    }

    static FilterExpression eq(String property, long value) {
        return eq(p(property), i(value));
    }

    static FilterExpression startsWith(Operand subject, String prefix) {
        return new FilterExpression.FunctionCall(StringFunction.STARTSWITH, subject,
                new Literal.Text(prefix));
    }

    static FilterExpression endsWith(Operand subject, String suffix) {
        return new FilterExpression.FunctionCall(StringFunction.ENDSWITH, subject,
                new Literal.Text(suffix));
    }

    static FilterExpression in(Operand subject, Literal... values) {
        return new FilterExpression.In(subject, List.of(values));
    }

    static FilterExpression and(FilterExpression... operands) {
        return new FilterExpression.And(List.of(operands));
    }

    static FilterExpression or(FilterExpression... operands) {
        return new FilterExpression.Or(List.of(operands));
    }

    static FilterExpression not(FilterExpression operand) {
        return new FilterExpression.Not(operand);
    }

    static FilterExpression any(String collection, String variable, FilterExpression body) {
        return new FilterExpression.Lambda(collection, Quantifier.ANY, variable, body);
    }

    static FilterExpression all(String collection, String variable, FilterExpression body) {
        return new FilterExpression.Lambda(collection, Quantifier.ALL, variable, body);
    }

    /** A lambda over a path from an enclosing lambda's variable. */
    static FilterExpression any(Operand.Variable collection, String variable, FilterExpression body) {
        return new FilterExpression.Lambda(collection, Quantifier.ANY, variable, body);
    }

    /** {@code collection/any()}: the collection has an element. */
    static FilterExpression nonEmpty(String collection) {
        return new FilterExpression.Lambda(collection, Quantifier.ANY, null, null);
    }

    /** A JSON object as the parser reads one: names in order, values may be {@code null}. */
    static Map<String, Object> json(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int k = 0; k < namesAndValues.length; k += 2) {
            map.put((String) namesAndValues[k], namesAndValues[k + 1]);
        }
        return map;
    }

    /** A source from name/value pairs; values may be {@code null}, names not listed are absent. */
    static PropertySource object(Object... namesAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int k = 0; k < namesAndValues.length; k += 2) {
            map.put((String) namesAndValues[k], namesAndValues[k + 1]);
        }
        return PropertySource.of(map);
    }

    /** A list that may hold {@code null} elements. */
    static List<Object> list(Object... elements) {
        return new ArrayList<>(Arrays.asList(elements));
    }
}
