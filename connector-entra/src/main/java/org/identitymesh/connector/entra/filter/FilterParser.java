package org.identitymesh.connector.entra.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.identitymesh.connector.entra.filter.FilterTokenizer.Kind;
import org.identitymesh.connector.entra.filter.FilterTokenizer.Token;

/**
 * A recursive-descent parser for the filter grammar described in the package documentation. One instance
 * parses one text; recursion is bounded by {@link #MAX_DEPTH}, and long {@code and}/{@code or} chains are loops.
 */
final class FilterParser {

    /** The deepest nesting of parentheses, {@code not} and lambdas accepted. */
    static final int MAX_DEPTH = 64;

    /** The longest filter text accepted, in UTF-16 characters. */
    static final int MAX_LENGTH = 32_768;

    /** What a condition can start with, for error messages. */
    private static final String CONDITION = "a condition (a comparison, startswith, endswith, any, all, not or '(')";

    /** What a literal can be, for error messages. */
    private static final String VALUE = "a value ('text', an integer, a timestamp, a GUID, true, false or null)";

    private final FilterTokenizer tokenizer;
    /**
     * The tokens read so far, read on demand; the parser looks at most two tokens ahead, except along a lambda
     * variable's path after {@code not}, to tell a nested lambda from a comparison.
     */
    private final List<Token> tokens = new ArrayList<>();
    private int index;
    private int depth;
    /** The variable of the innermost lambda being parsed, or {@code null} outside lambdas. */
    private String variable;
    /** The variables of the lambdas being parsed, outermost first. */
    private final List<String> variables = new ArrayList<>();

    private FilterParser(String filter) {
        this.tokenizer = new FilterTokenizer(filter);
    }

    /**
     * Parses a filter text.
     *
     * @param filter the text, possibly {@code null}
     * @return the tree
     * @throws FilterSyntaxException for every invalid text, {@code null} and empty included
     */
    static FilterExpression parse(String filter) {
        if (filter == null) {
            throw new FilterSyntaxException(0, "a filter", "no filter (null)");
        }
        if (filter.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(MAX_LENGTH, "a filter of at most " + MAX_LENGTH + " characters",
                    filter.length() + " characters");
        }
        FilterParser parser = new FilterParser(filter);
        FilterExpression expression = parser.or();
        Token end = parser.peek();
        if (end.kind() != Kind.END) {
            throw error(end, "'and', 'or' or the end of the filter");
        }
        return expression;
    }

    private FilterExpression or() {
        List<FilterExpression> operands = new ArrayList<>();
        operands.add(and());
        while (peek().is("or")) {
            index++;
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new FilterExpression.Or(operands);
    }

    private FilterExpression and() {
        List<FilterExpression> operands = new ArrayList<>();
        operands.add(unary());
        while (peek().is("and")) {
            index++;
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new FilterExpression.And(operands);
    }

    /** {@code not unary}, {@code ( or )} or a predicate. */
    private FilterExpression unary() {
        Token token = peek();
        if (token.is("not")) {
            index++;
            enter(token);
            FilterExpression operand = notOperand(token);
            depth--;
            return new FilterExpression.Not(operand);
        }
        if (token.kind() == Kind.OPEN) {
            index++;
            enter(token);
            FilterExpression inner = group(token);
            depth--;
            return inner;
        }
        return predicate();
    }

    /**
     * What follows {@code not}: a parenthesized expression (its parenthesis does not count as another nesting
     * level), another {@code not}, a function or a lambda. A bare comparison is rejected, since {@code not}
     * binds tighter than comparisons.
     */
    private FilterExpression notOperand(Token not) {
        Token next = peek();
        if (next.kind() == Kind.OPEN) {
            index++;
            return group(next);
        }
        if (next.is("not")) {
            return unary();
        }
        Token after = peek(1);
        if (next.kind() == Kind.IDENTIFIER && (after.kind() == Kind.OPEN
                || (after.kind() == Kind.SLASH && (!next.text().equals(variable) || startsLambda())))) {
            return predicate();
        }
        String hint = "";
        if (next.isName()) {
            String operator = after.kind() == Kind.IDENTIFIER ? " " + FilterTokenizer.sanitize(after.text()) : "";
            hint = " (not binds tighter than comparisons: write not(" + FilterTokenizer.sanitize(next.text())
                    + operator + " ...))";
        }
        throw error(next, "'(', a function or a lambda after '" + not.text() + "'" + hint);
    }

    /** The rest of a parenthesized expression, after its {@code (}. */
    private FilterExpression group(Token open) {
        FilterExpression inner = or();
        expect(Kind.CLOSE, () -> "'and', 'or' or ')' to close the '(' at column " + open.column());
        return inner;
    }

    /**
     * Whether the tokens from the current one spell the start of a lambda over the lambda variable:
     * {@code variable/name/.../any(} or {@code .../all(}.
     */
    private boolean startsLambda() {
        int ahead = 1;
        while (peek(ahead).kind() == Kind.SLASH) {
            Token segment = peek(ahead + 1);
            if (isQuantifier(segment)) {
                return true;
            }
            if (!segment.isName()) {
                return false;
            }
            ahead += 2;
        }
        return false;
    }

    private static boolean isQuantifier(Token token) {
        return token.kind() == Kind.IDENTIFIER && Quantifier.of(token.text()) != null;
    }

    /** A function call, a lambda, or a comparison. */
    private FilterExpression predicate() {
        Token previous = index == 0 ? null : tokens.get(index - 1);
        Token token = next();
        if (!token.isName()) {
            throw error(token, CONDITION + (previous == null ? "" : " after " + previous.describe()));
        }
        if (peek().kind() == Kind.OPEN) {
            return functionCall(token);
        }
        Operand subject = operandPath(token);
        if (peek().kind() == Kind.SLASH) {
            index++;
            Token quantifier = next();
            if (!isQuantifier(quantifier)) {
                // a variable's path took every other name, so this follows a property
                throw error(quantifier, "'any' or 'all' after " + FilterTokenizer.quote(subject + "/")
                        + " (property paths such as manager/displayName are not supported)");
            }
            return lambda(subject, quantifier);
        }
        return comparison(subject);
    }

    /** {@code startswith(subject,'text')} or {@code endswith(subject,'text')}, from the function name. */
    private FilterExpression functionCall(Token name) {
        String function = name.text().toLowerCase(Locale.ROOT);
        StringFunction kind;
        if (function.equals("startswith")) {
            kind = StringFunction.STARTSWITH;
        } else if (function.equals("endswith")) {
            kind = StringFunction.ENDSWITH;
        } else {
            throw error(name, "a function startswith or endswith (no other function is supported)");
        }
        index++; // the '(' seen by predicate()
        Token subject = next();
        if (!subject.isName()) {
            throw error(subject, "a property name as the first argument of " + function);
        }
        Operand operand = operandPath(subject);
        expect(Kind.COMMA, () -> "',' after the first argument of " + function);
        Token argument = next();
        if (argument.kind() != Kind.STRING) {
            throw error(argument, "a string such as 'IM-' as the second argument of " + function);
        }
        expect(Kind.CLOSE, () -> "')' after the arguments of " + function);
        return new FilterExpression.FunctionCall(kind, operand, new Literal.Text((String) argument.value()));
    }

    /**
     * {@code collection/any(v:body)}, {@code collection/all(v:body)} or {@code collection/any()}, from the
     * collection and the quantifier's token.
     */
    private FilterExpression lambda(Operand collection, Token quantifierToken) {
        Quantifier quantifier = Quantifier.of(quantifierToken.text());
        String keyword = quantifier.keyword();
        Token open = expect(Kind.OPEN, () -> "'(' after '" + keyword + "'");
        enter(open);
        if (quantifier == Quantifier.ANY && peek().kind() == Kind.CLOSE) {
            index++;
            depth--;
            return new FilterExpression.Lambda(collection, quantifier, null, null);
        }
        Token name = next();
        if (!name.isName()) {
            throw error(name, "a lambda variable name after '" + keyword + "('"
                    + (quantifier == Quantifier.ALL && name.kind() == Kind.CLOSE ? " (only any() may be empty)" : ""));
        }
        if (variables.contains(name.text())) {
            throw error(name, "a lambda variable name other than " + FilterTokenizer.quote(name.text())
                    + ", which an enclosing lambda uses");
        }
        expect(Kind.COLON, () -> "':' after the lambda variable " + FilterTokenizer.quote(name.text()));
        String outer = variable;
        variable = name.text();
        variables.add(variable);
        FilterExpression body = or();
        variables.remove(variables.size() - 1);
        variable = outer;
        expect(Kind.CLOSE,
                () -> "'and', 'or' or ')' to close the '" + keyword + "(' at column " + open.column());
        depth--;
        return new FilterExpression.Lambda(collection, quantifier, name.text(), body);
    }

    /** {@code subject op literal} or {@code subject in (literals)}, after the subject. */
    private FilterExpression comparison(Operand subject) {
        Token operatorToken = next();
        if (operatorToken.is("in")) {
            return in(subject);
        }
        ComparisonOperator operator = null;
        for (ComparisonOperator candidate : ComparisonOperator.values()) {
            if (operatorToken.is(candidate.keyword())) {
                operator = candidate;
            }
        }
        if (operator == null) {
            throw error(operatorToken,
                    "an operator (eq, ne, gt, ge, lt, le or in) after " + FilterTokenizer.quote(subject.toString()));
        }
        Token valueToken = next();
        Literal value = literal(valueToken);
        if (value == null) {
            throw error(valueToken, VALUE + " after '" + operator.keyword() + "'");
        }
        if (operator.isOrdering() && !value.isOrdered()) {
            throw error(valueToken, "a string, an integer or a timestamp after '" + operator.keyword() + "'");
        }
        return new FilterExpression.Comparison(subject, operator, value);
    }

    /** The list of {@code subject in (...)}, after {@code in}. */
    private FilterExpression in(Operand subject) {
        Token open = expect(Kind.OPEN, () -> "'(' after 'in'");
        List<Literal> values = new ArrayList<>();
        while (true) {
            Token valueToken = next();
            Literal value = literal(valueToken);
            if (value == null) {
                throw error(valueToken, VALUE + " in the 'in' list");
            }
            values.add(value);
            if (peek().kind() != Kind.COMMA) {
                break;
            }
            index++;
        }
        expect(Kind.CLOSE, () -> "',' or ')' to close the 'in' list that starts at column " + open.column());
        return new FilterExpression.In(subject, values);
    }

    /**
     * The property, or inside a lambda its variable with the path that follows it ({@code x/skuId}), that a name
     * token starts. The path stops before {@code /any} and {@code /all}, which start a nested lambda; a property has
     * no path.
     */
    private Operand operandPath(Token name) {
        Operand operand = operand(name);
        if (!(operand instanceof Operand.Variable)) {
            return operand;
        }
        List<String> path = new ArrayList<>();
        while (peek().kind() == Kind.SLASH && !isQuantifier(peek(1))) {
            index++;
            Token segment = next();
            if (!segment.isName()) {
                throw error(segment, "a property name, any or all after "
                        + FilterTokenizer.quote(new Operand.Variable(variable, path) + "/"));
            }
            path.add(segment.text());
        }
        return path.isEmpty() ? operand : new Operand.Variable(variable, path);
    }

    /** The property, or inside a lambda its variable, that a name token stands for. */
    private Operand operand(Token name) {
        if (variable == null) {
            return new Operand.Property(name.text());
        }
        if (name.text().equals(variable)) {
            return new Operand.Variable(variable);
        }
        throw error(name,
                "the lambda variable " + FilterTokenizer.quote(variable) + " (a lambda body reads its variable only)");
    }

    /** The literal a token spells, or {@code null}. */
    private static Literal literal(Token token) {
        return switch (token.kind()) {
            case STRING -> new Literal.Text((String) token.value());
            case INTEGER -> new Literal.Int((Long) token.value());
            case TIMESTAMP -> new Literal.Timestamp(token.text());
            case GUID -> new Literal.Guid(token.text());
            case IDENTIFIER -> token.is("true") ? Literal.TRUE
                    : token.is("false") ? Literal.FALSE
                    : token.is("null") ? Literal.NULL
                    : null;
            default -> null;
        };
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw error(token, "at most " + MAX_DEPTH + " nested levels of parentheses, not, any and all");
        }
    }

    /** The current token, which must be of the given kind, then moves past it. */
    private Token expect(Kind kind, Supplier<String> expected) {
        Token token = next();
        if (token.kind() != kind) {
            throw error(token, expected.get());
        }
        return token;
    }

    private Token peek() {
        return token(index);
    }

    private Token peek(int ahead) {
        return token(index + ahead);
    }

    /** The current token, then moves past it; stays on the end token. */
    private Token next() {
        Token token = token(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    /** The token at a position, read from the filter when first needed; the end token past the end. */
    private Token token(int position) {
        while (tokens.size() <= position) {
            if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Kind.END) {
                return tokens.get(tokens.size() - 1);
            }
            tokens.add(tokenizer.next());
        }
        return tokens.get(position);
    }

    private static FilterSyntaxException error(Token found, String expected) {
        return new FilterSyntaxException(found.column(), expected, found.describe());
    }
}
