package org.identitymesh.connector.entra.delta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arrays and objects of a directory object's properties ({@code businessPhones}, {@code assignedLicenses},
 * {@code employeeOrgData}): read from a page as lists and maps, so that a scoping filter can look inside them
 * ({@code assignedLicenses/any(x:x/skuId eq ...)}), and turned into the text an attribute delivers only when a
 * record is built.
 *
 * <p>The delivered text is what it was when nested values reached the connector as text: an array of strings
 * joined with commas, any other array or object as the compact JSON that Jackson's {@code copyCurrentStructure}
 * writes of the page's value (members in page order, fractions as doubles). Inside a value, strings, booleans and
 * {@code null} are themselves, integers {@link Long} ({@link BigInteger} beyond 64 bits), fractions {@link Double};
 * lists and maps are unmodifiable, and a member named twice in one object keeps its first place and its last value.
 */
public final class NestedValues {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private NestedValues() {
    }

    /**
     * Reads the array or object whose start the parser is at.
     *
     * @param p the parser, at {@link JsonToken#START_ARRAY} or {@link JsonToken#START_OBJECT}
     * @return a {@link List} or a {@link Map}
     * @throws IOException when the value is cut or malformed
     */
    static Object read(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                list.add(element(p, token));
            }
            return Collections.unmodifiableList(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            map.put(name, element(p, p.nextToken()));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object element(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(p, "a nested value ends early");
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
                    : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case START_ARRAY, START_OBJECT -> read(p);
            default -> throw new JsonParseException(p, "unexpected " + token);
        };
    }

    /**
     * The text an attribute delivers for a Graph value: a string as it is, a list of strings joined with commas,
     * any other list or a map as JSON text, anything else as {@link String#valueOf(Object)}.
     *
     * @param value a property value as the page parser reads it, not {@code null}
     * @return the text
     */
    public static String text(Object value) {
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return String.join(",", list.stream().map(String.class::cast).toList());
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                write(g, value);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to a string cannot fail", e);
            }
            return out.toString();
        }
        return String.valueOf(value);
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long n) {
            g.writeNumber(n);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof BigInteger n) {
            g.writeNumber(n);
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object element : list) {
                write(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> member : map.entrySet()) {
                g.writeFieldName(String.valueOf(member.getKey()));
                write(g, member.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(String.valueOf(value));
        }
    }
}
