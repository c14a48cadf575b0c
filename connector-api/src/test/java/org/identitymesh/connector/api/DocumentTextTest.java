package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentTextTest {

    private static final String JSON = "{\r\n  \"TenantId\": \"contoso.onmicrosoft.com\",\r\n  \"Note\": \"Zoë 東京\"\r\n}";

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16LE", "UTF-16BE"})
    void readsWhatWindowsToolsWriteWithAByteOrderMark(String encoding) {
        byte[] bytes = ("\uFEFF" + JSON).getBytes(Charset.forName(encoding));
        assertEquals(JSON, DocumentText.decode(bytes, "config.json"));
    }

    @Test
    void readsUtf8WithoutAByteOrderMarkAsItIs() {
        assertEquals(JSON, DocumentText.decode(JSON.getBytes(StandardCharsets.UTF_8), "config.json"));
        assertEquals("", DocumentText.decode(new byte[0], "config.json"));
    }

    @Test
    void refusesBytesThatAreNotUtf8NamingTheDocumentOffsetAndLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\n  \"Note\": \"Zo".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xEB); // ë in Windows-1252, a broken sequence in UTF-8
        bytes.writeBytes("\"\n}".getBytes(StandardCharsets.UTF_8));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DocumentText.decode(bytes.toByteArray(), "C:\\Sync\\config.json"));
        assertEquals(1, e.problems().size());
        assertEquals("C:\\Sync\\config.json", e.problems().get(0).field());
        assertEquals("UTF-8 text; the bytes at offset 15 (line 2) are not UTF-8; save it as UTF-8",
                e.problems().get(0).expected());
    }

    @Test
    void refusesBrokenUtf16SayingTheByteOrderMarkPromisedIt() {
        byte[] loneSurrogate = {(byte) 0xFF, (byte) 0xFE, '{', 0, 0x00, (byte) 0xD8, '}', 0};
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DocumentText.decode(loneSurrogate, "ConfigJson"));
        assertEquals("UTF-16 LE text; the bytes at offset 4 (line 1) are not UTF-16 LE although the byte-order mark "
                + "says so; save it as UTF-8", e.problems().get(0).expected());

        byte[] oddLength = {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}', 0};
        assertEquals("UTF-16 BE text; the bytes at offset 6 (line 1) are not UTF-16 BE although the byte-order mark "
                + "says so; save it as UTF-8", assertThrows(ConfigurationException.class,
                        () -> DocumentText.decode(oddLength, "ConfigJson")).problems().get(0).expected());
    }

    @Test
    void namesUtf16WithoutAByteOrderMarkAndUtf32() {
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("UTF-8 text, found what looks like UTF-16 without a byte-order mark; save it as UTF-8",
                assertThrows(ConfigurationException.class, () -> DocumentText.decode(utf16, "AuthJson"))
                        .problems().get(0).expected());
        byte[] utf32 = {(byte) 0xFF, (byte) 0xFE, 0, 0, '{', 0, 0, 0};
        assertEquals("UTF-8 text, found UTF-32 (its byte-order mark); save it as UTF-8",
                assertThrows(ConfigurationException.class, () -> DocumentText.decode(utf32, "AuthJson"))
                        .problems().get(0).expected());
    }

    @Test
    void neverRepeatsTheBytesItCouldNotRead() {
        byte[] secretish = "{\"ClientSecret\":\"abc\u00e9def\"}".getBytes(StandardCharsets.ISO_8859_1);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DocumentText.decode(secretish, "AuthJson"));
        assertFalse(e.getMessage().contains("abc"), e.getMessage());
        assertFalse(e.getMessage().contains("0xE9") || e.getMessage().contains("0xe9"), e.getMessage());
    }

    @Test
    void connectorConfigurationDropsALeadingByteOrderMark() {
        ConnectorConfiguration configuration = ConnectorConfiguration.of("\uFEFF{\"a\":1}", "\uFEFF{}");
        assertEquals("{\"a\":1}", configuration.configJson());
        assertEquals("{}", configuration.authJson());
        assertEquals("{\"a\":\"\uFEFF\"}", ConnectorConfiguration.of("{\"a\":\"\uFEFF\"}", "{}").configJson(),
                "only a leading mark is dropped");
        assertNull(ConnectorConfiguration.of(null, null).configJson());
        assertEquals("", DocumentText.withoutByteOrderMark("\uFEFF"));
    }
}
