package org.identitymesh.connector.entra.filter;

import static org.identitymesh.connector.entra.filter.FilterResult.MATCH;
import static org.identitymesh.connector.entra.filter.FilterResult.NO_MATCH;
import static org.identitymesh.connector.entra.filter.Trees.eq;
import static org.identitymesh.connector.entra.filter.Trees.json;
import static org.identitymesh.connector.entra.filter.Trees.list;
import static org.identitymesh.connector.entra.filter.Trees.object;
import static org.identitymesh.connector.entra.filter.Trees.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FilterEvaluationTest {

    private static FilterResult eval(String filter, PropertySource source) {
        return FilterExpression.parse(filter).evaluate(source);
    }

    private static FilterResult unknown(String... missing) {
        return FilterResult.unknown(new LinkedHashSet<>(List.of(missing)));
    }

    @Test
    void startsWithAndEndsWithIgnoreCase() {
        String filter = "startswith(displayName,'IM-')";

        assertEquals(MATCH, eval(filter, object("displayName", "IM-Sales")));
        assertEquals(MATCH, eval(filter, object("displayName", "im-sales")));
        assertEquals(MATCH, eval(filter, object("displayName", "IM-")));
        assertEquals(NO_MATCH, eval(filter, object("displayName", "Sales IM-")));
        assertEquals(NO_MATCH, eval(filter, object("displayName", "IM")));
        assertEquals(MATCH, eval("endswith(mail,'@contoso.com')", object("mail", "Ann@CONTOSO.com")));
        assertEquals(NO_MATCH, eval("endswith(mail,'@contoso.com')", object("mail", "ann@contoso.com.evil")));
        assertEquals(NO_MATCH, eval("endswith(mail,'@contoso.com')", object("mail", "com")));
        assertEquals(MATCH, eval("startswith(mail,'')", object("mail", "")));
    }

    @Test
    void equalityAndInIgnoreCaseForStrings() {
        assertEquals(MATCH, eval("displayName eq 'Sales'", object("displayName", "SALES")));
        assertEquals(NO_MATCH, eval("displayName eq 'Sales'", object("displayName", "Sales EMEA")));
        assertEquals(NO_MATCH, eval("displayName ne 'Sales'", object("displayName", "sales")));
        assertEquals(MATCH, eval("surname eq 'O''Brien'", object("surname", "o'brien")));
        assertEquals(MATCH, eval("mail in ('a@x.com','b@x.com')", object("mail", "B@X.com")));
        assertEquals(NO_MATCH, eval("mail in ('a@x.com','b@x.com')", object("mail", "c@x.com")));
    }

    @Test
    void booleansCompareAsBooleans() {
        String filter = "securityEnabled eq true and mailEnabled eq false";

        assertEquals(MATCH, eval(filter, object("securityEnabled", true, "mailEnabled", false)));
        assertEquals(NO_MATCH, eval(filter, object("securityEnabled", true, "mailEnabled", true)));
        assertEquals(NO_MATCH, eval(filter, object("securityEnabled", false, "mailEnabled", false)));
        assertEquals(MATCH, eval("securityEnabled ne false", object("securityEnabled", true)));
    }

    @Test
    void integersAndStringsOrder() {
        assertEquals(MATCH, eval("n gt 5", object("n", 6L)));
        assertEquals(MATCH, eval("n gt 5", object("n", 6)), "an Integer counts as a Long");
        assertEquals(NO_MATCH, eval("n gt 5", object("n", 5L)));
        assertEquals(MATCH, eval("n ge 5 and n le 5 and n lt 6", object("n", 5L)));
        assertEquals(MATCH, eval("n gt -9223372036854775808", object("n", 0L)));
        assertEquals(MATCH, eval("displayName ge 'm'", object("displayName", "Mango")));
        assertEquals(NO_MATCH, eval("displayName ge 'm'", object("displayName", "apple")));
        assertEquals(MATCH, eval("displayName lt 'B'", object("displayName", "a")));
    }

    @Test
    void timestampsCompareAsStrings() {
        String filter = "createdDateTime ge 2024-01-01T00:00:00Z";

        assertEquals(MATCH, eval(filter, object("createdDateTime", "2024-06-01T10:00:00Z")));
        assertEquals(MATCH, eval(filter, object("createdDateTime", "2024-01-01T00:00:00Z")));
        assertEquals(NO_MATCH, eval(filter, object("createdDateTime", "2023-12-31T23:59:59Z")));
        assertEquals(MATCH, eval("createdDateTime lt '2024'", object("createdDateTime", "2023-12-31T23:59:59Z")));
        assertEquals(MATCH, eval("createdDateTime eq 2024-01-01t00:00:00z",
                object("createdDateTime", "2024-01-01T00:00:00Z")));
    }

    @Test
    void lambdasOverCollections() {
        String unified = "groupTypes/any(c:c eq 'Unified')";

        assertEquals(MATCH, eval(unified, object("groupTypes", List.of("DynamicMembership", "Unified"))));
        assertEquals(MATCH, eval(unified, object("groupTypes", List.of("unified"))));
        assertEquals(NO_MATCH, eval(unified, object("groupTypes", List.of("DynamicMembership"))));
        assertEquals(NO_MATCH, eval(unified, object("groupTypes", List.of())), "any over empty is false");
        assertEquals(NO_MATCH, eval(unified, object("groupTypes", null)), "any over null is false");

        String notDynamic = "not(groupTypes/any(c:c eq 'DynamicMembership'))";
        assertEquals(MATCH, eval(notDynamic, object("groupTypes", List.of())));
        assertEquals(NO_MATCH, eval(notDynamic, object("groupTypes", List.of("Unified", "DynamicMembership"))));

        String smtpOnly = "proxyAddresses/all(p:startswith(p,'smtp:'))";
        assertEquals(MATCH, eval(smtpOnly, object("proxyAddresses", List.of("SMTP:a@x.com", "smtp:b@x.com"))));
        assertEquals(NO_MATCH, eval(smtpOnly, object("proxyAddresses", List.of("SMTP:a@x.com", "x500:/o=x"))));
        assertEquals(MATCH, eval(smtpOnly, object("proxyAddresses", List.of())), "all over empty is true");
        assertEquals(MATCH, eval(smtpOnly, object("proxyAddresses", null)), "all over null is true");

        assertEquals(MATCH, eval("groupTypes/any(g:not(g in ('Unified','DynamicMembership')))",
                object("groupTypes", List.of("Unified", "Other"))));
        assertEquals(MATCH, eval("tags/any(t:t eq null)", object("tags", list("a", null))));
        assertEquals(MATCH, eval("tags/any(t:t eq 5)", object("tags", list("5", 5))), "an Integer element is a Long");
        assertEquals(NO_MATCH, eval("tags/any(t:t eq '5')", object("tags", list(5L, true))));
    }

    /** Microsoft 365 E3 and E5, Exchange Online (Plan 1), and the Teams service plan. */
    private static final String E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";
    private static final String E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
    private static final String EXCHANGE = "4b9405b0-7788-4568-add1-99614e613b69";
    private static final String TEAMS = "57ff2da0-773e-42df-b2af-ffb7a2317929";

    private static Map<String, Object> license(String skuId, String... disabledPlans) {
        return json("disabledPlans", List.of(disabledPlans), "skuId", skuId);
    }

    private static PropertySource licensed(Object licenses) {
        return object("assignedLicenses", licenses, "accountEnabled", true);
    }

    @Test
    void lambdasOverArraysOfObjectsReadTheirProperties() {
        PropertySource e3 = licensed(List.of(license(E3)));
        PropertySource e3AndExchange = licensed(List.of(license(EXCHANGE), license(E3, TEAMS)));
        PropertySource none = licensed(List.of());
        String withE3 = "assignedLicenses/any(x:x/skuId eq " + E3 + ")";

        assertEquals(MATCH, eval(withE3, e3));
        assertEquals(MATCH, eval(withE3, e3AndExchange));
        assertEquals(NO_MATCH, eval(withE3, licensed(List.of(license(E5)))));
        assertEquals(NO_MATCH, eval(withE3, none));
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId eq " + E3.toUpperCase(java.util.Locale.ROOT) + ")",
                e3), "GUIDs compare ignoring case");
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId eq '" + E3 + "')", e3), "quoted, as a string");
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/SKUID eq " + E3 + ")", e3), "names ignore case");
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId in ('" + E5 + "','" + E3 + "'))", e3));
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId in (" + E5 + "," + E3 + "))", e3));
        assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/skuId in (" + E5 + "," + EXCHANGE + "))", e3));
        assertEquals(MATCH, eval("assignedLicenses/any(x:startswith(x/skuId,'05E9'))", e3));

        String noE5 = "assignedLicenses/all(x:x/skuId ne " + E5 + ")";
        assertEquals(MATCH, eval(noE5, e3AndExchange));
        assertEquals(NO_MATCH, eval(noE5, licensed(List.of(license(E3), license(E5)))));
        assertEquals(MATCH, eval(noE5, none), "all over an empty collection is true");

        String teamsOff = "assignedLicenses/any(x:x/disabledPlans/any(p:p eq " + TEAMS + "))";
        assertEquals(MATCH, eval(teamsOff, e3AndExchange));
        assertEquals(NO_MATCH, eval(teamsOff, e3));
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId eq " + E3 + " and not(x/disabledPlans/any()))",
                licensed(List.of(license(E3, TEAMS), license(E3)))));
        assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/skuId eq " + E3 + " and not(x/disabledPlans/any()))",
                e3AndExchange), "both conditions on the same licence");
    }

    @Test
    void anyWithoutALambdaAsksForAnElement() {
        String licensedUsers = "assignedLicenses/any()";

        assertEquals(MATCH, eval(licensedUsers, licensed(List.of(license(E3)))));
        assertEquals(MATCH, eval(licensedUsers, licensed(list((Object) null))), "a null element is an element");
        assertEquals(NO_MATCH, eval(licensedUsers, licensed(List.of())));
        assertEquals(NO_MATCH, eval(licensedUsers, licensed(null)), "null counts as empty");
        assertEquals(NO_MATCH, eval(licensedUsers, licensed("05e9a617")), "a scalar is no collection");
        assertEquals(NO_MATCH, eval(licensedUsers, licensed(license(E3))), "an object is no collection");
        assertEquals(MATCH, eval("not(assignedLicenses/any())", licensed(List.of())));
        assertEquals(NO_MATCH, eval("not(assignedLicenses/any())", licensed(List.of(license(E5)))));
        assertEquals(MATCH, eval("proxyAddresses/any()", object("proxyAddresses", List.of("SMTP:a@x.com"))));

        String unlicensedAndDisabled = "not(assignedLicenses/any()) and accountEnabled eq false";
        assertEquals(MATCH, eval(unlicensedAndDisabled, object("assignedLicenses", List.of(), "accountEnabled", false)));
        assertEquals(NO_MATCH, eval(unlicensedAndDisabled, object("assignedLicenses", List.of(), "accountEnabled", true)));
        assertEquals(MATCH, eval("assignedLicenses/any() or userType eq 'Member'",
                object("assignedLicenses", List.of(), "userType", "member")));
    }

    @Test
    void aMissingOrNullNestedPropertyIsNullAndANonObjectMatchesNothing() {
        PropertySource noSku = licensed(List.of(json("disabledPlans", List.of())));
        PropertySource nullSku = licensed(List.of(json("skuId", null)));

        for (PropertySource source : List.of(noSku, nullSku, licensed(list((Object) null)))) {
            assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/skuId eq " + E3 + ")", source));
            assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/skuId eq '" + E3 + "')", source));
            assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/skuId ge 'a')", source));
            assertEquals(NO_MATCH, eval("assignedLicenses/any(x:startswith(x/skuId,''))", source));
            assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId eq null)", source));
            assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/skuId ne null)", source));
            assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId ne " + E3 + ")", source), "OData: null ne v");
            assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId in ('a',null))", source));
            assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x/disabledPlans/any())", source));
            assertEquals(MATCH, eval("assignedLicenses/all(x:x/disabledPlans/all(p:p eq 'z'))", source));
            assertEquals(MATCH, eval("assignedLicenses/any(x:x/a/b/c eq null)", source), "null all the way down");
        }

        PropertySource strings = object("proxyAddresses", List.of("SMTP:a@x.com"));
        assertEquals(NO_MATCH, eval("proxyAddresses/any(p:p/address eq null)", strings));
        assertEquals(NO_MATCH, eval("proxyAddresses/any(p:p/address ne null)", strings));
        assertEquals(MATCH, eval("proxyAddresses/any(p:not(p/address eq null))", strings));
        assertEquals(NO_MATCH, eval("proxyAddresses/any(p:p/address/any())", strings));
        assertEquals(NO_MATCH, eval("proxyAddresses/any(p:p/any(c:c eq 'S'))", strings), "a string is no collection");
        assertEquals(NO_MATCH, eval("assignedLicenses/any(x:x eq '" + E3 + "')", licensed(List.of(license(E3)))),
                "an object is no string");
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId eq 5)", licensed(List.of(json("skuId", 5)))),
                "an Integer member is a Long");
        assertEquals(MATCH, eval("assignedLicenses/any(x:x/skuId eq " + E3 + ")",
                licensed(List.of(Map.of("skuId", E3)))), "any map will do");
    }

    @Test
    void anAbsentCollectionIsReportedWhateverTheLambda() {
        PropertySource absent = object("accountEnabled", true);

        assertEquals(unknown("assignedLicenses"), eval("assignedLicenses/any()", absent));
        assertEquals(unknown("assignedLicenses"), eval("not(assignedLicenses/any())", absent));
        assertEquals(unknown("assignedLicenses"), eval("assignedLicenses/all(x:x/skuId ne " + E5 + ")", absent));
        assertEquals(unknown("assignedLicenses"),
                eval("assignedLicenses/any(x:x/disabledPlans/any(p:p eq " + TEAMS + "))", absent));
        assertEquals(NO_MATCH, eval("accountEnabled eq false and assignedLicenses/any()", absent));
        assertEquals(MATCH, eval("accountEnabled eq true or assignedLicenses/any()", absent));
    }

    @Test
    void nullFollowsODataRules() {
        PropertySource nullDepartment = object("department", null);

        assertEquals(MATCH, eval("department eq null", nullDepartment));
        assertEquals(NO_MATCH, eval("department ne null", nullDepartment));
        assertEquals(NO_MATCH, eval("department eq 'Sales'", nullDepartment));
        assertEquals(MATCH, eval("department ne 'Sales'", nullDepartment));
        assertEquals(NO_MATCH, eval("department gt 'A'", nullDepartment));
        assertEquals(NO_MATCH, eval("department le 'Z'", nullDepartment));
        assertEquals(NO_MATCH, eval("startswith(department,'S')", nullDepartment));
        assertEquals(MATCH, eval("not startswith(department,'room-')", nullDepartment));
        assertEquals(NO_MATCH, eval("department in ('Sales','HR')", nullDepartment));
        assertEquals(MATCH, eval("department in ('Sales',null)", nullDepartment));

        assertEquals(MATCH, eval("department ne null", object("department", "Sales")));
        assertEquals(MATCH, eval("groupTypes ne null", object("groupTypes", List.of())));
        assertEquals(NO_MATCH, eval("securityEnabled eq null", object("securityEnabled", false)));
    }

    @Test
    void mismatchedTypesNeverMatchWhateverTheOperator() {
        assertEquals(NO_MATCH, eval("securityEnabled eq 'true'", object("securityEnabled", true)));
        assertEquals(NO_MATCH, eval("securityEnabled ne 'true'", object("securityEnabled", true)));
        assertEquals(MATCH, eval("not(securityEnabled eq 'true')", object("securityEnabled", true)));
        assertEquals(NO_MATCH, eval("n eq 5", object("n", "5")));
        assertEquals(NO_MATCH, eval("n ne 5", object("n", "5")));
        assertEquals(NO_MATCH, eval("displayName eq '5'", object("displayName", 5L)), "a Long is no string");
        assertEquals(NO_MATCH, eval("displayName gt 'a'", object("displayName", true)));
        assertEquals(NO_MATCH, eval("startswith(n,'5')", object("n", 5L)));
        assertEquals(NO_MATCH, eval("groupTypes eq 'Unified'", object("groupTypes", List.of("Unified"))));
        assertEquals(NO_MATCH, eval("groupTypes/any(c:c eq 'Unified')", object("groupTypes", "Unified")));
        assertEquals(NO_MATCH, eval("groupTypes/all(c:c eq 'Unified')", object("groupTypes", "Unified")));
        assertEquals(NO_MATCH, eval("mail eq 'x'", object("mail", 1.5d)), "unsupported value types do not match");
    }

    @Test
    void anAbsentPropertyIsReportedNotGuessed() {
        PropertySource empty = object();

        assertEquals(unknown("displayName"), eval("startswith(displayName,'IM-')", empty));
        assertEquals(unknown("department"), eval("department eq null", empty), "absent is not null");
        assertEquals(unknown("department"), eval("department ne null", empty));
        assertEquals(unknown("mail"), eval("not startswith(mail,'room-')", empty));
        assertEquals(unknown("mail"), eval("mail in ('a')", empty));
        assertEquals(unknown("groupTypes"), eval("groupTypes/any(c:c eq 'Unified')", empty));
        assertEquals(unknown("groupTypes"), eval("groupTypes/all(c:c eq 'Unified')", empty));
    }

    @Test
    void absentPropertiesMatterOnlyWhenTheyCouldChangeTheResult() {
        String filter = "userType eq 'Member' or startswith(userPrincipalName,'svc-')";

        assertEquals(MATCH, eval(filter, object("userType", "Member")));
        assertEquals(MATCH, eval(filter, object("userPrincipalName", "svc-backup@x.com")));
        assertEquals(unknown("userPrincipalName"), eval(filter, object("userType", "Guest")));
        assertEquals(unknown("userType"), eval(filter, object("userPrincipalName", "ann@x.com")));
        assertEquals(unknown("userType", "userPrincipalName"), eval(filter, object()));
        assertEquals(NO_MATCH, eval(filter, object("userType", "Guest", "userPrincipalName", "ann@x.com")));

        String both = "securityEnabled eq true and mailEnabled eq false";
        assertEquals(NO_MATCH, eval(both, object("securityEnabled", false)));
        assertEquals(NO_MATCH, eval(both, object("mailEnabled", true)));
        assertEquals(unknown("mailEnabled"), eval(both, object("securityEnabled", true)));
        assertEquals(unknown("securityEnabled", "mailEnabled"), eval(both, object()));
        assertEquals(unknown("b", "c"), eval("a eq 1 and (b eq 2 or c eq 3) and not(d eq 4)",
                object("a", 1L, "d", 5L)));
        assertEquals(NO_MATCH, eval("a eq 1 and (b eq 2 or c eq 3) and not(d eq 4)", object("a", 1L, "d", 4L)));
    }

    @Test
    void matchesAnswersOnlyWhenTheObjectDecides() {
        FilterExpression filter =
                FilterExpression.parse("userType eq 'Member' or startswith(userPrincipalName,'svc-')");

        assertTrue(filter.matches(object("userType", "member")));
        assertFalse(filter.matches(object("userType", "Guest", "userPrincipalName", "ann@x.com")));
        MissingPropertiesException e = assertThrows(MissingPropertiesException.class,
                () -> filter.matches(object("userType", "Guest")));
        assertEquals(Set.of("userPrincipalName"), e.missingProperties());
        assertEquals("the object lacks properties the filter needs: userPrincipalName", e.getMessage());
    }

    @Test
    void mapSourcesTellNullFromAbsentAndMatchNamesIgnoringCase() {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("displayName", "IM-Sales");
        delta.put("mail", null);
        PropertySource source = PropertySource.of(delta);

        assertEquals("IM-Sales", source.value("displayName"));
        assertEquals("IM-Sales", source.value("DISPLAYNAME"));
        assertEquals(null, source.value("mail"));
        assertTrue(source.value("department") == PropertySource.ABSENT);
        assertEquals(MATCH, eval("startswith(DisplayName,'im-') and Mail eq null", source));

        delta.put("DisplayName", "Other");
        assertEquals("Other", source.value("DisplayName"), "an exact name wins");
        assertEquals("IM-Sales", source.value("displayName"));
    }

    @Test
    void filterResultsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> FilterResult.unknown(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(FilterResult.Outcome.MATCH, Set.of("a")));
        assertEquals(MATCH, FilterResult.of(true));
        assertEquals(NO_MATCH, FilterResult.of(false));
    }

    @Test
    void aVariableOutsideItsLambdaIsAProgrammingError() {
        FilterExpression free = eq(v("c"), Trees.s("x"));

        assertThrows(IllegalArgumentException.class, () -> free.evaluate(object("c", "x")));
        assertThrows(NullPointerException.class, () -> free.evaluate(null));
    }
}
