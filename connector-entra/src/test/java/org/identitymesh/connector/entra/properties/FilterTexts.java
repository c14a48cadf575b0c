package org.identitymesh.connector.entra.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Filter texts: valid filters, filters with one token changed, token soup and arbitrary text. */
final class FilterTexts {

    static final String[] VALID = {
        "startswith(displayName,'IM-')",
        "startswith(displayName,'IM-') or groupTypes/any(c:c eq 'Unified')",
        "not startswith(mail,'room-')",
        "not(displayName eq 'x')",
        "accountEnabled eq true and userType ne 'Guest'",
        "department in ('Sales','R&D', null)",
        "createdDateTime ge 2024-01-31T00:00:00Z",
        "proxyAddresses/all(p:endswith(p,'@contoso.com'))",
        "displayName eq 'O''Brien'",
        "(a eq 1 or b eq 2) and not(c eq null)",
        "n gt -9223372036854775808 and n le 9223372036854775807",
        "securityEnabled eq false",
    };

    private static final String[] TOKENS = {"displayName", "mail", "groupTypes", "c", "and", "or", "not", "eq", "ne",
        "gt", "in", "any", "all", "startswith", "endswith", "contains", "(", ")", ",", ":", "/", "'", "''", "'IM-'",
        "42", "-7", "99999999999999999999", "2024-01-01T00:00:00Z", "2024-13-01T00:00:00Z", "true", "null", " ", "\t",
        "#", "\u2018", "é", "😀", "\u0000", "\uD800"};

    private FilterTexts() {
    }

    static Arbitrary<String> any() {
        Arbitrary<String> valid = Arbitraries.of(VALID);
        Arbitrary<String> mutated = valid.flatMap(text -> Arbitraries.integers().between(0, text.length())
                .flatMap(at -> Arbitraries.of(TOKENS).map(token -> text.substring(0, at) + token + text.substring(at))));
        Arbitrary<String> cut = valid.flatMap(text -> Arbitraries.integers().between(0, text.length())
                .map(at -> text.substring(0, at)));
        Arbitrary<String> soup = Arbitraries.of(TOKENS).list().ofMaxSize(12).map(tokens -> String.join(" ", tokens));
        Arbitrary<String> deep = Arbitraries.integers().between(1, 200)
                .map(n -> "(".repeat(n) + "a eq 1" + ")".repeat(n));
        return Arbitraries.frequencyOf(Tuple.of(2, valid), Tuple.of(3, mutated), Tuple.of(2, cut), Tuple.of(3, soup),
                Tuple.of(1, deep), Tuple.of(2, JsonValues.texts()));
    }
}
