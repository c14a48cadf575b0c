package org.identitymesh.connector.entra.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.identitymesh.connector.entra.delta.DeltaPageParser;
import org.identitymesh.connector.entra.delta.NestedValues;

/**
 * Arrays and objects in a directory object reach the scope as lists and maps, so that a filter can look inside
 * them; the attribute a host receives for them must not change for it. For any array or object a property holds,
 * the text delivered from what the page parser read is the text delivered when the parser kept nested values as
 * text: an array of strings joined with commas, anything else copied by Jackson's {@code copyCurrentStructure}.
 */
class NestedValuesPropertiesTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Property(tries = 2_000)
    void theDeliveredTextOfAnArrayOrObjectIsTheTextItWasBefore(@ForAll("containers") JsonNode value)
            throws IOException {
        // both sides read the same bytes (a lone surrogate in a generated string becomes '?' in UTF-8)
        byte[] json = value.toString().getBytes(StandardCharsets.UTF_8);
        byte[] object = ("{\"id\":\"u1\",\"p\":" + new String(json, StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
        Object parsed = DeltaPageParser.parseObject(new ByteArrayInputStream(object)).properties().get("p");
        Statistics.label("kind").collect(value.isArray() ? "array" : "object");

        assertEquals(textBefore(json), NestedValues.text(parsed), value::toString);
    }

    /** What the parser made of a nested value before it kept lists and maps, and how the record turned it to text. */
    private static String textBefore(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            if (p.currentToken() == JsonToken.START_ARRAY) {
                List<String> strings = new ArrayList<>();
                try (JsonParser q = JSON.createParser(json)) {
                    q.nextToken();
                    JsonToken token;
                    while ((token = q.nextToken()) == JsonToken.VALUE_STRING) {
                        strings.add(q.getText());
                    }
                    if (token == JsonToken.END_ARRAY) {
                        return String.join(",", strings);
                    }
                }
            }
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.copyCurrentStructure(p);
            }
            return out.toString();
        }
    }

    @Provide
    Arbitrary<JsonNode> containers() {
        return JsonValues.oneOf(JsonValues.any(3).filter(JsonNode::isContainerNode),
                JsonValues.stringArray(JsonValues.texts()), JsonValues.stringArray(JsonValues.punctuated()));
    }
}
