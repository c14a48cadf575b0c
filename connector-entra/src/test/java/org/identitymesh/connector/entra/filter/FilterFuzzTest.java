package org.identitymesh.connector.entra.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs: whatever the text, {@link FilterExpression#parse} returns a tree or throws
 * {@link FilterSyntaxException}; every tree survives a round trip through its text; and evaluation is sound
 * about absent properties (a decided result stays the same whatever values the absent properties take).
 */
class FilterFuzzTest {

    private static final int INPUTS = 20_000;

    private static final String[] PROPERTIES = {"displayName", "mail", "groupTypes", "department", "userType",
        "securityEnabled", "proxyAddresses", "n", "createdDateTime", "DisplayName", "_x1"};

    private static final String[] VARIABLES = {"c", "g", "addr", "mail", "x_1"};

    /** Paths into an element of a collection of objects. */
    private static final String[] PATHS = {"skuId", "disabledPlans", "a", "SKUID"};

    private static final String[] STRINGS = {"", "IM-", "Sales", "O''Brien", "''", "a and b", "Zürich 東京",
        "😀", "(", "x eq ''y''", "\t", "Unified", "svc-", "@contoso.com"};

    private static final String[] VOCABULARY = {"displayName", "mail", "groupTypes", "c", "g", "and", "AND", "or",
        "Or", "not", "NOT", "eq", "Eq", "ne", "gt", "ge", "lt", "le", "in", "IN", "true", "false", "null", "NULL",
        "any", "all", "ANY", "startswith", "StartsWith", "endswith", "contains", "(", ")", ",", ":", "/", "'", "''",
        "'IM-'", "'O''Brien'", "'a b'", "42", "-7", "0", "99999999999999999999", "2024-01-01T00:00:00Z",
        "2024-13-01T00:00:00Z", "-", " ", "\t", "\n", "#", ".", "\u2018", "é", "😀", "\u0000", "\uD800",
        "05e9a617-0261-4cee-bb44-138d3ef5d965", "05E9A617-0261-4cee-bb44-138d3ef5d96", "c/skuId", "any()", "/any(",
        "assignedLicenses"};

    private static final String E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";
    private static final String TEAMS = "57ff2da0-773e-42df-b2af-ffb7a2317929";

    /** Values a random object may hold: scalars, collections of strings and collections of objects. */
    private static final Object[] VALUES = {null, "IM-Sales", "im-", "Sales", "O'Brien", "", "Unified", "svc-a",
        "2024-01-01T00:00:00Z", true, false, 0L, 42L, -7L, Long.MAX_VALUE, List.of(), List.of("Unified"),
        List.of("smtp:a@contoso.com", "DynamicMembership"), 1.5d, E3, List.of(E3),
        List.of(Map.of("skuId", E3, "disabledPlans", List.of(TEAMS))),
        List.of(Map.of("skuId", TEAMS, "disabledPlans", List.of()), Map.of("a", 42L)),
        Trees.list(null, Map.of("skuId", "Unified")), Map.of("skuId", E3)};

    @Test
    void randomInputsParseOrThrowTheTypedExceptionAndTreesRoundTrip() {
        Random random = new Random(20_261_122L);
        int parsed = 0;
        int rejected = 0;
        for (int n = 0; n < INPUTS; n++) {
            String input = switch (n % 5) {
                case 0 -> tokenSoup(random);
                case 1, 2 -> mutate(validFilter(random), random);
                case 3 -> validFilter(random);
                default -> randomUnicode(random);
            };
            FilterExpression expression;
            try {
                expression = FilterExpression.parse(input);
            } catch (FilterSyntaxException e) {
                assertTrue(e.column() >= 0 && e.column() <= input.length(), () -> "column of " + show(input));
                assertTrue(e.getMessage().startsWith("at column " + e.column() + ": expected "), e::getMessage);
                rejected++;
                continue;
            } catch (Throwable t) {
                fail("parse threw " + t + " for " + show(input), t);
                return;
            }
            parsed++;
            checkRoundTrip(expression, input);
            checkEvaluation(expression, random);
        }
        assertTrue(parsed >= INPUTS / 5, "parsed only " + parsed);
        assertTrue(rejected >= INPUTS / 4, "rejected only " + rejected);
    }

    private static void checkRoundTrip(FilterExpression expression, String input) {
        String text = expression.toString();
        FilterExpression reparsed;
        try {
            reparsed = FilterExpression.parse(text);
        } catch (RuntimeException e) {
            fail("the normalized text " + show(text) + " of " + show(input) + " does not parse", e);
            return;
        }
        assertEquals(expression, reparsed, () -> "round trip of " + show(input));
        assertEquals(expression.hashCode(), reparsed.hashCode());
        assertEquals(text, reparsed.toString(), () -> "normalized text of " + show(input));
    }

    /**
     * Evaluates against a random object whose properties are sometimes absent, then checks the result against
     * the same object with the absent properties filled in.
     */
    private static void checkEvaluation(FilterExpression expression, Random random) {
        Set<String> referenced = expression.referencedProperties();
        Map<String, Object> object = new HashMap<>();
        List<String> absent = new ArrayList<>();
        for (String property : referenced) {
            if (random.nextInt(4) == 0) {
                absent.add(property);
            } else {
                object.put(property, VALUES[random.nextInt(VALUES.length)]);
            }
        }
        FilterResult result = expression.evaluate(exact(object));
        for (int completion = 0; completion < 2; completion++) {
            Map<String, Object> complete = new HashMap<>(object);
            absent.forEach(property -> complete.put(property, VALUES[random.nextInt(VALUES.length)]));
            FilterResult completed = expression.evaluate(exact(complete));
            // once the missing properties are fetched, the filter decides
            assertNotEquals(FilterResult.Outcome.UNKNOWN, completed.outcome(), () -> expression + " on " + complete);
            if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
                // only absent properties are reported missing
                assertTrue(absent.containsAll(result.missingProperties()), () -> expression + " " + result);
            } else {
                // a decided result holds whatever values the absent properties take
                assertEquals(result, completed, () -> expression + " on " + object + " then " + complete);
                assertEquals(result.outcome() == FilterResult.Outcome.MATCH, expression.matches(exact(object)));
            }
        }
    }

    /**
     * A source matching names exactly: the fuzzed filters use both {@code displayName} and {@code DisplayName},
     * which {@link PropertySource#of}'s case-insensitive fallback would merge.
     */
    private static PropertySource exact(Map<String, Object> object) {
        return name -> object.containsKey(name) ? object.get(name) : PropertySource.ABSENT;
    }

    // ---- generators -------------------------------------------------------------------------------------------

    /** Vocabulary tokens in random order, with or without spaces between them. */
    private static String tokenSoup(Random random) {
        StringBuilder out = new StringBuilder();
        int tokens = random.nextInt(12);
        for (int k = 0; k < tokens; k++) {
            out.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            if (random.nextInt(3) != 0) {
                out.append(' ');
            }
        }
        return out.toString();
    }

    /** Random code points: ASCII, any plane, lone surrogates and the grammar's punctuation. */
    private static String randomUnicode(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(30);
        for (int k = 0; k < length; k++) {
            switch (random.nextInt(4)) {
                case 0 -> out.append((char) (0x20 + random.nextInt(0x5F)));
                case 1 -> out.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
                case 2 -> out.append((char) (0xD800 + random.nextInt(0x800)));
                default -> out.append("()',:/- ".charAt(random.nextInt(8)));
            }
        }
        return out.toString();
    }

    /** One to three edits: delete, insert a token, replace, duplicate, truncate or swap. */
    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int k = 0; k < edits; k++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                case 1 -> out.insert(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 2 -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, "()',:/ -_aZ09\u0000é".charAt(random.nextInt(15)));
                    }
                }
                case 3 -> {
                    int end = at + random.nextInt(Math.max(1, out.length() - at));
                    out.insert(at, out.substring(at, end));
                }
                case 4 -> out.setLength(at);
                default -> {
                    if (at + 1 < out.length()) {
                        char c = out.charAt(at);
                        out.setCharAt(at, out.charAt(at + 1));
                        out.setCharAt(at + 1, c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A valid filter written with random keyword case, whitespace and redundant parentheses. */
    private static String validFilter(Random random) {
        String filter = new Generator(random).or(0);
        if (random.nextInt(40) == 0) {
            int wrap = 55 + random.nextInt(15); // around the nesting limit of 64
            filter = "(".repeat(wrap) + filter + ")".repeat(wrap);
        }
        return filter;
    }

    /** Writes random valid filters. */
    private static final class Generator {

        private final Random random;
        /** The variable of the lambda being written, or {@code null}. */
        private String variable;
        /** The variables of the lambdas being written, which a nested one must not reuse. */
        private final List<String> variables = new ArrayList<>();

        Generator(Random random) {
            this.random = random;
        }

        String or(int depth) {
            return junction(depth, "or");
        }

        private String junction(int depth, String keyword) {
            int count = 1 + random.nextInt(depth > 3 ? 1 : 2);
            StringBuilder out = new StringBuilder();
            for (int k = 0; k < count; k++) {
                if (k > 0) {
                    out.append(space()).append(keyword(keyword)).append(space());
                }
                out.append(keyword.equals("or") ? junction(depth + 1, "and") : unary(depth + 1));
            }
            return out.toString();
        }

        private String unary(int depth) {
            int choice = random.nextInt(10);
            if (choice == 0 && depth < 6) {
                return keyword("not") + optionalSpace() + "(" + or(depth + 1) + ")";
            }
            if (choice == 1 && depth < 6) {
                String operand = random.nextBoolean() ? lambda(depth) : function();
                return keyword("not") + space() + operand;
            }
            if (choice == 2 && depth < 6) {
                return "(" + optionalSpace() + or(depth + 1) + optionalSpace() + ")";
            }
            return predicate(depth);
        }

        private String predicate(int depth) {
            int choice = random.nextInt(6);
            if (choice == 0) {
                return function();
            }
            if (choice == 1 && depth < 6 && (variable == null || random.nextBoolean())) {
                return lambda(depth);
            }
            if (choice == 2) {
                StringBuilder list = new StringBuilder();
                int count = 1 + random.nextInt(3);
                for (int k = 0; k < count; k++) {
                    list.append(k == 0 ? "" : "," + optionalSpace()).append(literal(random.nextBoolean()));
                }
                return subject() + space() + keyword("in") + optionalSpace() + "(" + list + ")";
            }
            String operator = pick("eq", "ne", "gt", "ge", "lt", "le");
            boolean ordering = !operator.equals("eq") && !operator.equals("ne");
            return subject() + space() + keyword(operator) + space() + literal(!ordering);
        }

        private String function() {
            return keyword(pick("startswith", "endswith")) + optionalSpace() + "(" + optionalSpace() + subject()
                    + optionalSpace() + "," + optionalSpace() + string() + optionalSpace() + ")";
        }

        /** A lambda over a property or, inside another lambda, over a path from its variable. */
        private String lambda(int depth) {
            String collection = variable == null ? pick(PROPERTIES)
                    : variable + (random.nextInt(4) == 0 ? "" : "/" + pick(PATHS));
            if (random.nextInt(5) == 0) {
                return collection + optionalSpace() + "/" + optionalSpace() + keyword("any") + optionalSpace() + "("
                        + optionalSpace() + ")";
            }
            String outer = variable;
            do {
                variable = pick(VARIABLES);
            } while (variables.contains(variable));
            variables.add(variable);
            String name = variable;
            String body = or(depth + 1);
            variables.remove(variables.size() - 1);
            variable = outer;
            return collection + optionalSpace() + "/" + optionalSpace() + keyword(pick("any", "all"))
                    + optionalSpace() + "(" + name + optionalSpace() + ":" + optionalSpace() + body + ")";
        }

        private String subject() {
            if (variable == null) {
                return pick(PROPERTIES);
            }
            return random.nextBoolean() ? variable : variable + optionalSpace() + "/" + optionalSpace() + pick(PATHS);
        }

        private String literal(boolean anyType) {
            int choice = random.nextInt(anyType ? 7 : 3);
            return switch (choice) {
                case 0 -> string();
                case 1 -> Long.toString(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(200) - 100);
                case 2 -> pick("2024-01-01T00:00:00Z", "2024-01-31T10:00:00.5+02:00", "1999-12-31t23:59z");
                case 3 -> keyword("true");
                case 4 -> keyword("false");
                case 5 -> pick(E3, TEAMS, E3.toUpperCase(Locale.ROOT), "'" + E3 + "'");
                default -> keyword("null");
            };
        }

        private String string() {
            return "'" + pick(STRINGS) + "'";
        }

        /** The keyword in lower, upper or mixed case. */
        private String keyword(String keyword) {
            return switch (random.nextInt(4)) {
                case 0 -> keyword.toUpperCase(Locale.ROOT);
                case 1 -> Character.toUpperCase(keyword.charAt(0)) + keyword.substring(1);
                default -> keyword;
            };
        }

        private String space() {
            return random.nextInt(8) != 0 ? " " : pick("  ", "\t", "\n", " \r\n ");
        }

        private String optionalSpace() {
            return random.nextInt(4) == 0 ? space() : "";
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }
    }

    /** The input with non-ASCII and control characters escaped, for failure messages. */
    private static String show(String input) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : input.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }
}
