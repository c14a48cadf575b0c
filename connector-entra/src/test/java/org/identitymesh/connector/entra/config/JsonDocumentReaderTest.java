package org.identitymesh.connector.entra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorDescriptor.FieldType;
import org.junit.jupiter.api.Test;

/** A field's default comes from its declaration, through the conversion a value from the document goes through. */
class JsonDocumentReaderTest {

    private final List<ConfigurationException.Problem> problems = new ArrayList<>();

    private JsonDocumentReader reader(String json, ConfigField... declared) {
        Map<String, ConfigField> fields = new LinkedHashMap<>();
        for (ConfigField f : declared) {
            fields.put(f.name(), f);
        }
        return JsonDocumentReader.parse("Doc", fields, json, problems);
    }

    private static ConfigField field(String name, FieldType type, String defaultValue) {
        return new ConfigField(Document.CONFIG, name, type, false, defaultValue,
                type == FieldType.ENUM ? List.of("Red", "Blue") : List.of(), "");
    }

    @Test
    void anAbsentOrNullFieldTakesItsDeclaredDefault() {
        JsonDocumentReader r = reader("{\"Size\":null}", field("Size", FieldType.INTEGER, "42"),
                field("On", FieldType.BOOLEAN, "true"), field("Ratio", FieldType.NUMBER, "0.5"),
                field("Color", FieldType.ENUM, "\"Blue\""), field("Names", FieldType.STRING_LIST, "[\"a\",\" b \"]"),
                field("Label", FieldType.STRING, "\"x\""));
        assertEquals(42, r.integer("Size", 1, 100));
        assertTrue(r.bool("On"));
        assertEquals(0.5, r.decimal("Ratio", 0, 1));
        assertEquals("B", r.choice("Color", Map.of("Red", "R", "Blue", "B")));
        assertEquals(List.of("a", "b"), r.stringList("Names"));
        assertEquals("x", r.stringOrDefault("Label"));
        assertEquals(List.of(), problems);
    }

    @Test
    void aRefusedValueIsAProblemAndTheDeclaredDefaultStandsIn() {
        JsonDocumentReader r = reader("{\"Size\":500,\"Color\":\"Green\"}", field("Size", FieldType.INTEGER, "42"),
                field("Color", FieldType.ENUM, "\"Red\""));
        assertEquals(42, r.integer("Size", 1, 100));
        assertEquals("R", r.choice("Color", Map.of("Red", "R")));
        assertEquals(List.of(new ConfigurationException.Problem("Doc.Size", "an integer from 1 to 100, found 500"),
                new ConfigurationException.Problem("Doc.Color", "one of Red, found \"Green\"")), problems);
    }

    @Test
    void theChoicesAreListedInTheSameOrderOnEveryRun() {
        JsonDocumentReader r = reader("{\"Color\":\"Green\"}", field("Color", FieldType.ENUM, "\"Red\""));
        r.choice("Color", Map.of("Red", "R", "Blue", "B", "Amber", "A", "Violet", "V", "Cyan", "C"));
        assertEquals(List.of(new ConfigurationException.Problem("Doc.Color",
                "one of Amber, Blue, Cyan, Red, Violet, found \"Green\"")), problems);
    }

    @Test
    void aDeclaredDefaultTheConversionRefusesIsAProgrammingError() {
        JsonDocumentReader r = reader("{}", field("Size", FieldType.INTEGER, "1000"),
                field("Color", FieldType.ENUM, "Red"), field("Label", FieldType.STRING, null));
        IllegalStateException outOfRange = assertThrows(IllegalStateException.class, () -> r.integer("Size", 1, 999));
        assertTrue(outOfRange.getMessage().contains("Doc.Size"), outOfRange.getMessage());
        assertTrue(outOfRange.getMessage().contains("an integer from 1 to 999, found 1000"), outOfRange.getMessage());
        IllegalStateException notJson = assertThrows(IllegalStateException.class,
                () -> r.choice("Color", Map.of("Red", "R")));
        assertTrue(notJson.getMessage().contains("Doc.Color"), notJson.getMessage());
        assertEquals("Doc.Label declares no default",
                assertThrows(IllegalStateException.class, () -> r.stringOrDefault("Label")).getMessage());
        assertEquals("Doc.Other declares no default",
                assertThrows(IllegalStateException.class, () -> r.bool("Other")).getMessage());
        assertEquals(List.of(), problems, "a declaration's fault is never reported as the operator's");
    }
}
