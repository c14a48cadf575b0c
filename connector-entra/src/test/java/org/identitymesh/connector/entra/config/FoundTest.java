package org.identitymesh.connector.entra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FoundTest {

    @Test
    void plainValuesAreQuotedBack() throws Exception {
        assertEquals("found \"contoso .onmicrosoft.com\"", Found.text("contoso .onmicrosoft.com"));
        assertEquals("found \"Zoë-Ωmega-Жук_1\"", Found.text("Zoë-Ωmega-Жук_1"));
        assertEquals("found \"https://graph.example.com/v1.0\"", Found.text("https://graph.example.com/v1.0"));
        ObjectMapper json = new ObjectMapper();
        assertEquals("found 1000", Found.node(json.readTree("1000")));
        assertEquals("found \"abc\"", Found.node(json.readTree("\"abc\"")));
        assertEquals("found a JSON object", Found.node(json.readTree("{\"x\":\"s3cr3t\"}")));
        assertEquals("found a JSON array", Found.node(json.readTree("[\"s3cr3t\"]")));
    }

    /** What the property test found: a GUID field that swallowed the secret after it, in UTF-16 read one byte off. */
    @Test
    void aValueThatSwallowedTheFieldsAfterItIsNotShown() {
        String document = "\"11111111-2222\",\r\n  \"ClientSecret\": \"";
        byte[] bytes = document.getBytes(StandardCharsets.UTF_16LE);
        String offByOne = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16LE) + "Zq8~QhN3.sV7";
        String found = Found.text(offByOne);
        assertFalse(found.contains("Zq8~"), found);
        assertEquals("found a value of " + offByOne.length() + " characters, not shown (it holds quotes, line breaks "
                + "or characters this field never takes: check the quotes before it, and that the file is UTF-8)",
                found);

        for (String swallowed : new String[] {"1111\", \"ClientSecret\": \"Zq8~QhN3", "C:\\Certs\\a.p12",
            "line\nbreak", "x".repeat(Found.MAX_SHOWN + 1)}) {
            assertFalse(Found.text(swallowed).startsWith("found \""), swallowed);
        }
    }
}
