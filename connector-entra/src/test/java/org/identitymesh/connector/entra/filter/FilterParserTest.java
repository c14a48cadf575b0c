package org.identitymesh.connector.entra.filter;

import static org.identitymesh.connector.entra.filter.ComparisonOperator.GE;
import static org.identitymesh.connector.entra.filter.ComparisonOperator.GT;
import static org.identitymesh.connector.entra.filter.ComparisonOperator.LE;
import static org.identitymesh.connector.entra.filter.ComparisonOperator.LT;
import static org.identitymesh.connector.entra.filter.ComparisonOperator.NE;
import static org.identitymesh.connector.entra.filter.Trees.all;
import static org.identitymesh.connector.entra.filter.Trees.and;
import static org.identitymesh.connector.entra.filter.Trees.any;
import static org.identitymesh.connector.entra.filter.Trees.cmp;
import static org.identitymesh.connector.entra.filter.Trees.endsWith;
import static org.identitymesh.connector.entra.filter.Trees.eq;
import static org.identitymesh.connector.entra.filter.Trees.guid;
import static org.identitymesh.connector.entra.filter.Trees.i;
import static org.identitymesh.connector.entra.filter.Trees.in;
import static org.identitymesh.connector.entra.filter.Trees.nonEmpty;
import static org.identitymesh.connector.entra.filter.Trees.not;
import static org.identitymesh.connector.entra.filter.Trees.or;
import static org.identitymesh.connector.entra.filter.Trees.p;
import static org.identitymesh.connector.entra.filter.Trees.s;
import static org.identitymesh.connector.entra.filter.Trees.startsWith;
import static org.identitymesh.connector.entra.filter.Trees.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserTest {

    /** Microsoft 365 E3 (SPE_E3), E5 (SPE_E5) and the Teams service plan (TEAMS1). */
    static final String E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";
    static final String E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
    static final String TEAMS = "57ff2da0-773e-42df-b2af-ffb7a2317929";

    /** Every filter of the operator runbook, its tree and its normalized text. */
    static Stream<Arguments> runbookExamples() {
        return Stream.of(
                Arguments.of("startswith(displayName,'IM-')",
                        startsWith(p("displayName"), "IM-"),
                        "startswith(displayName,'IM-')"),
                Arguments.of("displayName eq 'Sales'",
                        eq("displayName", "Sales"),
                        "displayName eq 'Sales'"),
                Arguments.of("securityEnabled eq true and mailEnabled eq false",
                        and(eq(p("securityEnabled"), Literal.TRUE), eq(p("mailEnabled"), Literal.FALSE)),
                        "securityEnabled eq true and mailEnabled eq false"),
                Arguments.of("groupTypes/any(c:c eq 'Unified')",
                        any("groupTypes", "c", eq(v("c"), s("Unified"))),
                        "groupTypes/any(c:c eq 'Unified')"),
                Arguments.of("not(groupTypes/any(c:c eq 'DynamicMembership'))",
                        not(any("groupTypes", "c", eq(v("c"), s("DynamicMembership")))),
                        "not(groupTypes/any(c:c eq 'DynamicMembership'))"),
                Arguments.of("userType eq 'Member' or startswith(userPrincipalName,'svc-')",
                        or(eq("userType", "Member"), startsWith(p("userPrincipalName"), "svc-")),
                        "userType eq 'Member' or startswith(userPrincipalName,'svc-')"),
                Arguments.of("not startswith(mail,'room-')",
                        not(startsWith(p("mail"), "room-")),
                        "not(startswith(mail,'room-'))"),
                Arguments.of("department ne null",
                        cmp(p("department"), NE, Literal.NULL),
                        "department ne null"),
                Arguments.of("endswith(mail,'@contoso.com')",
                        endsWith(p("mail"), "@contoso.com"),
                        "endswith(mail,'@contoso.com')"),
                Arguments.of("mail in ('a@x.com','b@x.com')",
                        in(p("mail"), s("a@x.com"), s("b@x.com")),
                        "mail in ('a@x.com','b@x.com')"),
                Arguments.of("assignedLicenses/any()",
                        nonEmpty("assignedLicenses"),
                        "assignedLicenses/any()"),
                Arguments.of("assignedLicenses/any(x:x/skuId eq " + E3 + ")",
                        any("assignedLicenses", "x", eq(v("x", "skuId"), guid(E3))),
                        "assignedLicenses/any(x:x/skuId eq " + E3 + ")"),
                Arguments.of("assignedLicenses/any(x: x/skuId in ('" + E3 + "', '" + E5 + "'))",
                        any("assignedLicenses", "x", in(v("x", "skuId"), s(E3), s(E5))),
                        "assignedLicenses/any(x:x/skuId in ('" + E3 + "','" + E5 + "'))"),
                Arguments.of("assignedLicenses/any() and not(assignedLicenses/any(x:x/skuId eq " + E5 + "))",
                        and(nonEmpty("assignedLicenses"),
                                not(any("assignedLicenses", "x", eq(v("x", "skuId"), guid(E5))))),
                        "assignedLicenses/any() and not(assignedLicenses/any(x:x/skuId eq " + E5 + "))"));
    }

    @ParameterizedTest
    @MethodSource("runbookExamples")
    void parsesEveryRunbookExample(String filter, FilterExpression expected, String normalized) {
        FilterExpression parsed = FilterExpression.parse(filter);

        assertEquals(expected, parsed);
        assertEquals(normalized, parsed.toString());
        assertEquals(parsed, FilterExpression.parse(parsed.toString()));
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertEquals(or(eq("a", 1), and(eq("b", 2), eq("c", 3))),
                FilterExpression.parse("a eq 1 or b eq 2 and c eq 3"));
        assertEquals(or(and(eq("a", 1), eq("b", 2)), eq("c", 3)),
                FilterExpression.parse("a eq 1 and b eq 2 or c eq 3"));
        assertEquals(and(not(startsWith(p("a"), "x")), eq("b", 1)),
                FilterExpression.parse("not startswith(a,'x') and b eq 1"));
        assertEquals(or(not(eq("a", 1)), eq("b", 2)),
                FilterExpression.parse("not (a eq 1) or b eq 2"));
        assertEquals(not(or(eq("a", 1), eq("b", 2))),
                FilterExpression.parse("not(a eq 1 or b eq 2)"));
        assertEquals(not(not(startsWith(p("a"), "x"))),
                FilterExpression.parse("not not startswith(a,'x')"));
    }

    @Test
    void chainsOfOneOperatorAreFlatAndParenthesesAreKeptAsGroups() {
        assertEquals(or(eq("a", 1), eq("b", 2), eq("c", 3)), FilterExpression.parse("a eq 1 or b eq 2 or c eq 3"));
        assertEquals(and(eq("a", 1), eq("b", 2), eq("c", 3)), FilterExpression.parse("a eq 1 and b eq 2 and c eq 3"));

        FilterExpression grouped = FilterExpression.parse("a eq 1 or (b eq 2 or c eq 3)");
        assertEquals(or(eq("a", 1), or(eq("b", 2), eq("c", 3))), grouped);
        assertEquals("a eq 1 or (b eq 2 or c eq 3)", grouped.toString());

        FilterExpression lowerInside = FilterExpression.parse("(a eq 1 or b eq 2) and c eq 3");
        assertEquals(and(or(eq("a", 1), eq("b", 2)), eq("c", 3)), lowerInside);
        assertEquals("(a eq 1 or b eq 2) and c eq 3", lowerInside.toString());
    }

    @Test
    void redundantParenthesesAndWhitespaceDoNotChangeTheTree() {
        FilterExpression plain = FilterExpression.parse("a eq 1 or b eq 2 and startswith(c,'x')");

        assertEquals(plain, FilterExpression.parse("((a eq 1)) or ((b eq 2) and (startswith(c,'x')))"));
        assertEquals(plain, FilterExpression.parse("  a\teq\t1\r\nor\nb  eq  2  and  startswith ( c , 'x' )  "));
        assertEquals(plain, FilterExpression.parse("a eq 1 or b eq 2 and startswith(c,'x')"));
        assertEquals("a eq 1 or b eq 2 and startswith(c,'x')", plain.toString());
        assertEquals(any("groupTypes", "c", eq(v("c"), s("x"))),
                FilterExpression.parse("groupTypes / any ( c : c eq 'x' )"));
    }

    @Test
    void keywordsAndFunctionNamesIgnoreCaseButPropertyNamesKeepIt() {
        FilterExpression parsed = FilterExpression.parse(
                "DisplayName EQ 'x' AnD NOT StartsWith(mail,'y') OR groupTypes/ANY(c:c Ne NULL) Or b In (TRUE, False)");

        assertEquals(or(
                and(eq("DisplayName", "x"), not(startsWith(p("mail"), "y"))),
                any("groupTypes", "c", cmp(v("c"), NE, Literal.NULL)),
                in(p("b"), Literal.TRUE, Literal.FALSE)), parsed);
        assertEquals("DisplayName eq 'x' and not(startswith(mail,'y')) or groupTypes/any(c:c ne null)"
                + " or b in (true,false)", parsed.toString());
        assertNotEquals(FilterExpression.parse("displayName eq 'x'"), FilterExpression.parse("DisplayName eq 'x'"));
    }

    @Test
    void stringLiteralsDoubleTheirQuotes() {
        assertEquals(eq("surname", "O'Brien"), FilterExpression.parse("surname eq 'O''Brien'"));
        assertEquals(eq("a", ""), FilterExpression.parse("a eq ''"));
        assertEquals(eq("a", "'"), FilterExpression.parse("a eq ''''"));
        assertEquals(eq("a", "''x''"), FilterExpression.parse("a eq '''''x'''''"));
        assertEquals("surname eq 'O''Brien'", FilterExpression.parse("surname eq 'O''Brien'").toString());
    }

    @Test
    void stringLiteralsHoldKeywordsPunctuationAndUnicodeVerbatim() {
        String value = " a and b or not(c) eq 'x', / : Zürich 東京 😀 \n ";
        FilterExpression parsed = FilterExpression.parse("displayName eq '" + value.replace("'", "''") + "'");

        assertEquals(eq("displayName", value), parsed);
        assertEquals(parsed, FilterExpression.parse(parsed.toString()));
    }

    @Test
    void parsesIntegerBooleanNullAndTimestampLiterals() {
        assertEquals(cmp(p("n"), GT, i(-7)), FilterExpression.parse("n gt -7"));
        assertEquals(cmp(p("n"), LE, i(Long.MAX_VALUE)), FilterExpression.parse("n le 9223372036854775807"));
        assertEquals(cmp(p("n"), GE, i(Long.MIN_VALUE)), FilterExpression.parse("n ge -9223372036854775808"));
        assertEquals(eq("n", 7), FilterExpression.parse("n eq 007"));
        assertEquals(cmp(p("name"), LT, s("m")), FilterExpression.parse("name lt 'm'"));
        assertEquals(eq(p("flag"), Literal.FALSE), FilterExpression.parse("flag eq FALSE"));
        assertEquals(eq(p("x"), Literal.NULL), FilterExpression.parse("x eq Null"));

        FilterExpression timestamp = FilterExpression.parse("createdDateTime ge 2024-01-31T10:00:00.5+02:00");
        assertEquals(cmp(p("createdDateTime"), GE, new Literal.Timestamp("2024-01-31T10:00:00.5+02:00")), timestamp);
        assertEquals("createdDateTime ge 2024-01-31T10:00:00.5+02:00", timestamp.toString());
        assertEquals(cmp(p("createdDateTime"), LT, new Literal.Timestamp("2024-01-01t00:00:00z")),
                FilterExpression.parse("createdDateTime lt 2024-01-01t00:00:00z"));
        assertEquals(cmp(p("createdDateTime"), LT, s("2024-01-01T00:00:00Z")),
                FilterExpression.parse("createdDateTime lt '2024-01-01T00:00:00Z'"));
    }

    @ParameterizedTest
    @MethodSource("timestamps")
    void acceptsODataTimestampsOnly(String timestamp, boolean valid) {
        String filter = "createdDateTime lt " + timestamp;
        if (valid) {
            assertEquals(cmp(p("createdDateTime"), LT, new Literal.Timestamp(timestamp)),
                    FilterExpression.parse(filter));
        } else {
            FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterExpression.parse(filter));
            assertEquals("a timestamp such as 2024-01-31T00:00:00Z", e.expected());
            assertEquals(19, e.column());
        }
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2024-01-31T00:00:00Z", true),
                Arguments.of("2024-01-31T00:00Z", true),
                Arguments.of("2024-02-29T23:59:59.123456789012-12:30", true),
                Arguments.of("0000-01-01t00:00z", true),
                Arguments.of("2023-02-29T00:00:00Z", false),
                Arguments.of("2024-04-31T00:00:00Z", false),
                Arguments.of("2024-00-10T00:00:00Z", false),
                Arguments.of("2024-01-01T24:00:00Z", false),
                Arguments.of("2024-01-01T00:60:00Z", false),
                Arguments.of("2024-01-01T00:00:60Z", false),
                Arguments.of("2024-01-01T00:00:00", false),
                Arguments.of("2024-01-01T00:00:00.Z", false),
                Arguments.of("2024-01-01T00:00:00.1234567890123Z", false),
                Arguments.of("2024-01-01T00:00:00+0100", false),
                Arguments.of("2024-01-01T00:00:00+01", false),
                Arguments.of("2024-01-01T00:00:00ZZ", false),
                Arguments.of("2024-01-01", false),
                Arguments.of("2024-1-01T00:00:00Z", false));
    }

    @Test
    void lambdasTakeAnyVariableNameAndFunctionsAndJunctionsInTheirBody() {
        assertEquals(any("groupTypes", "g", eq(v("g"), s("x"))), FilterExpression.parse("groupTypes/any(g:g eq 'x')"));
        assertEquals(any("proxyAddresses", "addr", startsWith(v("addr"), "smtp:")),
                FilterExpression.parse("proxyAddresses/any(addr:startswith(addr,'smtp:'))"));
        assertEquals(all("proxyAddresses", "p", or(startsWith(v("p"), "smtp:"), endsWith(v("p"), "@contoso.com"))),
                FilterExpression.parse("proxyAddresses/all(p: startswith(p,'smtp:') or endswith(p,'@contoso.com'))"));
        assertEquals(any("groupTypes", "c", not(in(v("c"), s("Unified"), s("DynamicMembership")))),
                FilterExpression.parse("groupTypes/any(c:not(c in ('Unified','DynamicMembership')))"));
        // the variable may reuse a property's name; outside the lambda the name is a property again
        assertEquals(and(any("groupTypes", "mail", eq(v("mail"), s("x"))), eq("mail", "y")),
                FilterExpression.parse("groupTypes/any(mail:mail eq 'x') and mail eq 'y'"));
        assertEquals("proxyAddresses/all(p:startswith(p,'smtp:') or endswith(p,'@contoso.com'))",
                FilterExpression.parse("proxyAddresses/ALL(p: startswith(p,'smtp:') or endswith(p,'@contoso.com'))")
                        .toString());
    }

    @Test
    void lambdasOverObjectsReadPathsFromTheirVariableAndNest() {
        assertEquals(all("assignedLicenses", "x", cmp(v("x", "skuId"), NE, guid(E5))),
                FilterExpression.parse("assignedLicenses/all(x:x/skuId ne " + E5 + ")"));
        assertEquals(any("assignedPlans", "a", and(eq(v("a", "servicePlanId"), guid(TEAMS)),
                        eq(v("a", "capabilityStatus"), s("Suspended")))),
                FilterExpression.parse("assignedPlans/any(a:a/servicePlanId eq " + TEAMS
                        + " and a/capabilityStatus eq 'Suspended')"));
        assertEquals(any("assignedPlans", "a", startsWith(v("a", "service"), "exchange")),
                FilterExpression.parse("assignedPlans/any(a:startswith(a/service,'exchange'))"));
        assertEquals(any("x", "c", eq(v("c", "a", "b", "c"), s("y"))),
                FilterExpression.parse("x/any(c:c / a / b / c eq 'y')"));

        FilterExpression nested = FilterExpression.parse("assignedLicenses/any(x:x/skuId eq " + E3
                + " and x/disabledPlans/any(p:p eq " + TEAMS + "))");
        assertEquals(any("assignedLicenses", "x", and(eq(v("x", "skuId"), guid(E3)),
                any(v("x", "disabledPlans"), "p", eq(v("p"), guid(TEAMS))))), nested);
        assertEquals("assignedLicenses/any(x:x/skuId eq " + E3 + " and x/disabledPlans/any(p:p eq " + TEAMS + "))",
                nested.toString());
        assertEquals(any("assignedLicenses", "x", Trees.any(v("x", "disabledPlans"), "p", eq(v("p"), s("a")))),
                FilterExpression.parse("assignedLicenses/ANY(x:x/disabledPlans/Any(p:p eq 'a'))"));
        assertEquals(any("assignedLicenses", "x",
                        new FilterExpression.Lambda(v("x", "disabledPlans"), Quantifier.ANY, null, null)),
                FilterExpression.parse("assignedLicenses/any(x:x/disabledPlans/any())"));
        // a string element is a collection to a nested lambda too; it matches nothing when evaluated
        assertEquals(any("groupTypes", "c", Trees.any(v("c"), "d", eq(v("d"), s("x")))),
                FilterExpression.parse("groupTypes/any(c:c/any(d:d eq 'x'))"));
        assertEquals(not(any("assignedLicenses", "x", Trees.any(v("x", "disabledPlans"), "p", eq(v("p"), s("a"))))),
                FilterExpression.parse("not assignedLicenses/any(x:x/disabledPlans/any(p:p eq 'a'))"));
        assertEquals(any("assignedLicenses", "x", not(Trees.any(v("x", "disabledPlans"), "p", eq(v("p"), s("a"))))),
                FilterExpression.parse("assignedLicenses/any(x:not x/disabledPlans/any(p:p eq 'a'))"));
        assertEquals(and(nonEmpty("assignedLicenses"), nonEmpty("proxyAddresses")),
                FilterExpression.parse("assignedLicenses/any( ) and proxyAddresses / Any()"));
    }

    @Test
    void guidsAreLiteralsWithoutQuotesAndKeepTheirCase() {
        String upper = E3.toUpperCase(java.util.Locale.ROOT);
        FilterExpression parsed = FilterExpression.parse("id eq " + upper);

        assertEquals(eq(p("id"), guid(upper)), parsed);
        assertEquals("id eq " + upper, parsed.toString());
        assertNotEquals(eq(p("id"), s(E3)), FilterExpression.parse("id eq " + E3), "a GUID is no string literal");
        assertEquals(in(p("id"), guid(E3), s(E5), Literal.NULL),
                FilterExpression.parse("id in (" + E3 + ",'" + E5 + "',null)"));
        assertEquals(eq(p("id"), guid("00000000-0000-0000-0000-000000000000")),
                FilterExpression.parse("id eq 00000000-0000-0000-0000-000000000000"));
        assertEquals(eq(p("id"), guid("abcdef01-2345-6789-abcd-ef0123456789")),
                FilterExpression.parse("id eq abcdef01-2345-6789-abcd-ef0123456789"), "a GUID may start with a letter");
        assertEquals(or(eq(p("id"), guid(E3)), eq(p("id"), guid(E5))),
                FilterExpression.parse("(id eq " + E3 + ")or(id eq " + E5 + ")"));
    }

    @Test
    void referencedPropertiesListsPropertiesAndCollectionsButNotVariables() {
        FilterExpression parsed = FilterExpression.parse("userType eq 'Member' and not(groupTypes/any(c:c eq 'x'))"
                + " or startswith(mail,'a') or mail in ('b') or department ne null");

        assertEquals(List.of("userType", "groupTypes", "mail", "department"),
                List.copyOf(parsed.referencedProperties()));
        assertEquals(Set.of("displayName"),
                FilterExpression.parse("startswith(displayName,'IM-')").referencedProperties());
        assertEquals(List.of("assignedLicenses", "accountEnabled"), List.copyOf(FilterExpression.parse(
                "assignedLicenses/any(x:x/skuId eq " + E3 + " and x/disabledPlans/any(p:p eq " + TEAMS + "))"
                        + " and accountEnabled eq true or assignedLicenses/any()").referencedProperties()),
                "paths from a lambda variable are no properties of the object");
        assertThrows(UnsupportedOperationException.class, () -> parsed.referencedProperties().add("x"));
    }

    @Test
    void deepButAllowedNestingParsesAndRoundTrips() {
        FilterExpression nested = FilterExpression.parse("(".repeat(64) + "a eq 1" + ")".repeat(64));
        assertEquals(eq("a", 1), nested);

        String nots = "not ".repeat(63) + "startswith(a,'x')";
        FilterExpression negated = FilterExpression.parse(nots);
        assertEquals(negated, FilterExpression.parse(negated.toString()));

        String lambdaInsideGroups = "(".repeat(62) + "x/any(c:(c eq 'y'))" + ")".repeat(62);
        assertEquals(any("x", "c", eq(v("c"), s("y"))), FilterExpression.parse(lambdaInsideGroups));
    }

    @Test
    void longChainsAreLoopsNotRecursion() {
        String chain = String.join(" or ", Collections.nCopies(1400, "displayName eq 'x'"));
        FilterExpression parsed = FilterExpression.parse(chain);

        assertEquals(1400, ((FilterExpression.Or) parsed).operands().size());
        assertEquals(chain, parsed.toString());
        assertEquals(FilterResult.NO_MATCH, parsed.evaluate(Trees.object("displayName", "y")));
    }

    @Test
    void treesAreValidatedWhenBuiltByHand() {
        assertThrows(IllegalArgumentException.class, () -> p("display name"));
        assertThrows(IllegalArgumentException.class, () -> p("and"));
        assertThrows(NullPointerException.class, () -> p(null));
        assertThrows(IllegalArgumentException.class, () -> cmp(p("a"), GT, Literal.TRUE));
        assertThrows(IllegalArgumentException.class, () -> in(p("a")));
        assertThrows(IllegalArgumentException.class, () -> new FilterExpression.Or(List.of(eq("a", 1))));
        assertThrows(IllegalArgumentException.class, () -> any("x", "c", eq("other", "y")));
        assertThrows(IllegalArgumentException.class, () -> any("x", "c", eq(v("d"), s("y"))));
        assertThrows(IllegalArgumentException.class, () -> any("x", "c", any("y", "d", eq(v("d"), s("z")))));
        assertThrows(IllegalArgumentException.class, () -> new Literal.Timestamp("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> guid(E3.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> guid("{" + E3 + "}"));
        assertThrows(IllegalArgumentException.class, () -> guid(E3.replace('-', '_')));
        assertThrows(IllegalArgumentException.class, () -> guid(E3.replace('e', 'g')));
        assertThrows(IllegalArgumentException.class, () -> cmp(p("id"), GT, guid(E3)));
        assertThrows(IllegalArgumentException.class, () -> v("x", "any"), "would print as a lambda");
        assertThrows(IllegalArgumentException.class, () -> v("x", "eq"));
        assertThrows(IllegalArgumentException.class, () -> v("x", "sku id"));
        assertThrows(NullPointerException.class, () -> new Operand.Variable("x", null));
        assertThrows(IllegalArgumentException.class,
                () -> new FilterExpression.Lambda("x", Quantifier.ALL, null, null), "all() is no OData");
        assertThrows(IllegalArgumentException.class,
                () -> new FilterExpression.Lambda("x", Quantifier.ANY, "c", null));
        assertThrows(IllegalArgumentException.class,
                () -> new FilterExpression.Lambda("x", Quantifier.ANY, null, eq(v("c"), s("y"))));
        assertThrows(IllegalArgumentException.class,
                () -> any("x", "c", Trees.any(v("d", "plans"), "p", eq(v("p"), s("z")))), "over another variable");
        assertThrows(IllegalArgumentException.class,
                () -> any("x", "c", Trees.any(v("c", "plans"), "c", eq(v("c"), s("z")))), "reuses the variable");
        assertThrows(IllegalArgumentException.class, () -> any("x", "c", and(eq(v("c"), s("y")),
                Trees.any(v("c", "a"), "d", Trees.any(v("d", "b"), "c", eq(v("c"), s("z")))))));
        assertThrows(IllegalArgumentException.class,
                () -> any("x", "c", Trees.any(v("c", "plans"), "p", eq(v("c"), s("z")))), "reads the outer variable");
        assertEquals("x/any(c:c/plans/any(p:p eq 'z'))",
                any("x", "c", Trees.any(v("c", "plans"), "p", eq(v("p"), s("z")))).toString());
    }
}
