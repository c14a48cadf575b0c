package org.identitymesh.connector.entra.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterSyntaxErrorTest {

    private static final String CONDITION = "a condition (a comparison, startswith, endswith, any, all, not or '(')";
    private static final String VALUE = "a value ('text', an integer, a timestamp, a GUID, true, false or null)";
    private static final String E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";

    /** Malformed filters, the column of the problem and the exact message. */
    static Stream<Arguments> malformedFilters() {
        return Stream.of(
                Arguments.of("startswith(a,'b' and c eq 'd')", 17,
                        "at column 17: expected ')' after the arguments of startswith, found 'and'"),
                Arguments.of("displayName eq 'Sales", 21,
                        "at column 21: expected the closing quote of the string that starts at column 15,"
                                + " found the end of the filter"),
                Arguments.of("displayName eq", 14,
                        "at column 14: expected " + VALUE + " after 'eq', found the end of the filter"),
                Arguments.of("displayName", 11,
                        "at column 11: expected an operator (eq, ne, gt, ge, lt, le or in) after 'displayName',"
                                + " found the end of the filter"),
                Arguments.of("(mail eq 'a' or mail eq 'b'", 27,
                        "at column 27: expected 'and', 'or' or ')' to close the '(' at column 0,"
                                + " found the end of the filter"),
                Arguments.of("mail eq 'a')", 11,
                        "at column 11: expected 'and', 'or' or the end of the filter, found ')'"),
                Arguments.of("manager/displayName eq 'x'", 8,
                        "at column 8: expected 'any' or 'all' after 'manager/' (property paths such as"
                                + " manager/displayName are not supported), found 'displayName'"),
                Arguments.of("groupTypes/any(c:d eq 'x')", 17,
                        "at column 17: expected the lambda variable 'c' (a lambda body reads its variable only),"
                                + " found 'd'"),
                Arguments.of("groupTypes/any(c c eq 'x')", 17,
                        "at column 17: expected ':' after the lambda variable 'c', found 'c'"),
                Arguments.of("groupTypes/any(c:c/any(c:c eq 'x'))", 23,
                        "at column 23: expected a lambda variable name other than 'c', which an enclosing lambda"
                                + " uses, found 'c'"),
                Arguments.of("assignedLicenses/any(x:x/eq 'a')", 25,
                        "at column 25: expected a property name, any or all after 'x/', found 'eq'"),
                Arguments.of("assignedLicenses/any(x:x/skuId/ eq 'a')", 32,
                        "at column 32: expected a property name, any or all after 'x/skuId/', found 'eq'"),
                Arguments.of("assignedLicenses/any(x:x/skuId)", 30,
                        "at column 30: expected an operator (eq, ne, gt, ge, lt, le or in) after 'x/skuId',"
                                + " found ')'"),
                Arguments.of("assignedLicenses/any(x:x/skuId/any)", 34,
                        "at column 34: expected '(' after 'any', found ')'"),
                Arguments.of("assignedLicenses/any(x:manager/any(m:m eq 'a'))", 23,
                        "at column 23: expected the lambda variable 'x' (a lambda body reads its variable only),"
                                + " found 'manager'"),
                Arguments.of("assignedLicenses/any(x:x/disabledPlans/any(p:x/skuId eq 'a'))", 45,
                        "at column 45: expected the lambda variable 'p' (a lambda body reads its variable only),"
                                + " found 'x'"),
                Arguments.of("assignedLicenses/all()", 21,
                        "at column 21: expected a lambda variable name after 'all(' (only any() may be empty),"
                                + " found ')'"),
                Arguments.of("assignedLicenses/any(x:not x/skuId eq 'a')", 27,
                        "at column 27: expected '(', a function or a lambda after 'not' (not binds tighter than"
                                + " comparisons: write not(x ...)), found 'x'"),
                Arguments.of("assignedLicenses/any(x:x/skuId gt " + E3 + ")", 34,
                        "at column 34: expected a string, an integer or a timestamp after 'gt', found '" + E3 + "'"),
                Arguments.of("id eq " + E3 + "0", 6,
                        "at column 6: expected an integer (decimals and suffixes are not supported),"
                                + " found '05e9a617'"),
                Arguments.of("id eq " + E3.substring(0, 35), 6,
                        "at column 6: expected an integer (decimals and suffixes are not supported),"
                                + " found '05e9a617'"),
                Arguments.of("groupTypes/any(c:)", 17,
                        "at column 17: expected " + CONDITION + " after ':', found ')'"),
                Arguments.of("contains(displayName,'x')", 0,
                        "at column 0: expected a function startswith or endswith (no other function is supported),"
                                + " found 'contains'"),
                Arguments.of("startswith(displayName, 5)", 24,
                        "at column 24: expected a string such as 'IM-' as the second argument of startswith,"
                                + " found '5'"),
                Arguments.of("securityEnabled gt true", 19,
                        "at column 19: expected a string, an integer or a timestamp after 'gt', found 'true'"),
                Arguments.of("mail in ()", 9,
                        "at column 9: expected " + VALUE + " in the 'in' list, found ')'"),
                Arguments.of("mail in ('a' 'b')", 13,
                        "at column 13: expected ',' or ')' to close the 'in' list that starts at column 8,"
                                + " found the string 'b'"),
                Arguments.of("not displayName eq 'x'", 4,
                        "at column 4: expected '(', a function or a lambda after 'not' (not binds tighter than"
                                + " comparisons: write not(displayName eq ...)), found 'displayName'"),
                Arguments.of("not", 3,
                        "at column 3: expected '(', a function or a lambda after 'not', found the end of the filter"),
                Arguments.of("mail eq 99999999999999999999", 8,
                        "at column 8: expected an integer from -9223372036854775808 to 9223372036854775807,"
                                + " found '99999999999999999999'"),
                Arguments.of("mail eq 1.5", 8,
                        "at column 8: expected an integer (decimals and suffixes are not supported), found '1.5'"),
                Arguments.of("mail eq -", 8,
                        "at column 8: expected a digit after '-', found the end of the filter"),
                Arguments.of("createdDateTime ge 2024-13-01T00:00:00Z", 19,
                        "at column 19: expected a timestamp such as 2024-01-31T00:00:00Z,"
                                + " found '2024-13-01T00:00:00Z'"),
                Arguments.of("mail eq 'a' and", 15,
                        "at column 15: expected " + CONDITION + " after 'and', found the end of the filter"),
                Arguments.of("mail eq 'a' or or mail eq 'b'", 15,
                        "at column 15: expected " + CONDITION + " after 'or', found 'or'"),
                Arguments.of("true eq mail", 0,
                        "at column 0: expected " + CONDITION + ", found 'true'"),
                Arguments.of("mail # 'a'", 5,
                        "at column 5: expected a property name, a literal, an operator or a parenthesis, found '#'"),
                Arguments.of("displayName eq \u2018Sales\u2019", 15,
                        "at column 15: expected a property name, a literal, an operator or a parenthesis,"
                                + " found '\u2018'"),
                Arguments.of("displayName eq eq \u2018Sales\u2019", 15,
                        "at column 15: expected " + VALUE + " after 'eq', found 'eq'"),
                Arguments.of("and(mail,'x')", 0,
                        "at column 0: expected " + CONDITION + ", found 'and'"),
                Arguments.of("mail eq\u0000'a'", 7,
                        "at column 7: expected a property name, a literal, an operator or a parenthesis,"
                                + " found '\\u0000'"),
                Arguments.of("", 0,
                        "at column 0: expected " + CONDITION + ", found the end of the filter"),
                Arguments.of("   ", 3,
                        "at column 3: expected " + CONDITION + ", found the end of the filter"),
                Arguments.of("(".repeat(65) + "a eq 1" + ")".repeat(65), 64,
                        "at column 64: expected at most 64 nested levels of parentheses, not, any and all, found '('"),
                Arguments.of("a eq 1 and " + "not ".repeat(65) + "startswith(a,'b')", 11 + 64 * 4,
                        "at column 267: expected at most 64 nested levels of parentheses, not, any and all,"
                                + " found 'not'"));
    }

    @ParameterizedTest
    @MethodSource("malformedFilters")
    void reportsTheColumnAndWhatWasExpected(String filter, int column, String message) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse(filter));

        assertEquals(message, e.getMessage());
        assertEquals(column, e.column());
        assertEquals(message, "at column " + e.column() + ": expected " + e.expected() + ", found " + e.found());
    }

    @Test
    void nullIsASyntaxErrorNotANullPointerException() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse(null));

        assertEquals("at column 0: expected a filter, found no filter (null)", e.getMessage());
    }

    @Test
    void overlongFiltersAreRejectedBeforeTokenizing() {
        String huge = "displayName eq 'x' or ".repeat(50_000) + "displayName eq 'y'";
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse(huge));

        assertEquals("at column 32768: expected a filter of at most 32768 characters, found " + huge.length()
                + " characters", e.getMessage());
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse("(".repeat(30_000)));
        assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse("not ".repeat(8_000)));
        assertThrows(FilterSyntaxException.class,
                () -> FilterExpression.parse("a/any(c:".repeat(3_000) + "c eq 'x'" + ")".repeat(3_000)));
    }

    @Test
    void quotesOnlyTheStartOfALongToken() {
        String name = "x".repeat(100);
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse(name));

        assertEquals("an operator (eq, ne, gt, ge, lt, le or in) after '" + "x".repeat(40) + "...'", e.expected());
        FilterSyntaxException found = assertThrows(FilterSyntaxException.class,
                () -> FilterExpression.parse("a eq 1 " + name));
        assertEquals("'" + "x".repeat(40) + "...'", found.found());
    }
}
