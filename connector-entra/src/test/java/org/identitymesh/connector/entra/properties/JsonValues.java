package org.identitymesh.connector.entra.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Arbitrary JSON values and texts for the property tests of documents operators and hosts hand the connector. */
final class JsonValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /** Any JSON value, nested up to {@code depth} levels. */
    static Arbitrary<JsonNode> any(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.frequencyOf(
                Tuple.of(4, texts().map(NODES::textNode)),
                Tuple.of(2, Arbitraries.longs().map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.of(0L, -1L, 1L, 999L, 1000L, 20L, 21L, Long.MAX_VALUE, Long.MIN_VALUE)
                        .map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.doubles().map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-0.000001"), new BigDecimal("0.05"),
                        new BigDecimal("600.0000001")).map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.of(new BigInteger("123456789012345678901234567890")).map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.of(true, false).map(NODES::booleanNode)),
                Tuple.of(1, Arbitraries.just(NODES.nullNode())));
        if (depth <= 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = any(depth - 1).list().ofMaxSize(4).map(values -> {
            ArrayNode a = NODES.arrayNode();
            values.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(texts().ofMaxLength(12), any(depth - 1)).ofMaxSize(3).map(m -> {
            ObjectNode o = NODES.objectNode();
            m.forEach(o::set);
            return o;
        });
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(2, array), Tuple.of(1, object));
    }

    /** Strings a typing operator or a fuzzer would produce. */
    static net.jqwik.api.arbitraries.StringArbitrary texts() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    /** Strings from a small alphabet of characters that matter to parsers. */
    static Arbitrary<String> punctuated() {
        return Arbitraries.strings().withChars("aZ09 -_.:/\\@'\"(),~{}[]\t\n\u0000é😀").ofMaxLength(24);
    }

    /** An array of strings. */
    static Arbitrary<JsonNode> stringArray(Arbitrary<String> elements) {
        return elements.list().ofMaxSize(5).map(values -> {
            ArrayNode a = NODES.arrayNode();
            values.forEach(a::add);
            return a;
        });
    }

    /** One of several arbitraries, chosen uniformly. */
    @SafeVarargs
    static <T> Arbitrary<T> oneOf(Arbitrary<? extends T>... choices) {
        return Arbitraries.oneOf(List.of(choices));
    }
}
