package org.identitymesh.connector.entra.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.DocumentText;
import org.identitymesh.connector.entra.EntraIdProvider;

/**
 * What a host reads from a file reaches the configuration reader as bytes: the encodings Windows tools write
 * (UTF-8 with or without a byte-order mark, UTF-16 LE and BE with one), damaged files, and plain noise. Decoding
 * with {@link DocumentText}, then validating and creating the connector, gives a connector or a
 * {@link ConfigurationException}, nothing else; and no message repeats the client secret that the authentication
 * document holds in plain text (which the connector refuses), nor any ten characters of it. The configuration
 * document is valid before it is damaged, so acceptance is exercised too.
 */
class EncodedDocumentsPropertiesTest {

    private static final String SECRET = "Zq8~QhN3.sV7-pLw2kRt5Yb";
    private static final String CONFIG = "{\r\n  \"TenantId\": \"contoso.onmicrosoft.com\",\r\n  \"PageSize\": 200,\r\n"
            + "  \"UserDomains\": [\"contoso.com\", \"fabrikam.com\"],\r\n"
            + "  \"GroupSelectionFilter\": \"startswith(displayName, 'Équipe Zoë')\",\r\n  \"TrustStorePath\": \"C:\\\\Certs\\\\proxy.p12\","
            + "\r\n  \"TrustStorePassword\": \"env:TRUST_PW\"\r\n}\r\n";
    private static final String AUTH = "{\r\n  \"ClientId\": \"" + ConfigurationPropertiesTest.GUID + "\",\r\n"
            + "  \"ClientSecret\": \"" + SECRET + "\"\r\n}\r\n";
    private static final String VALID_CONFIG = ConfigurationPropertiesTest.VALID_CONFIG;
    private static final String VALID_AUTH = ConfigurationPropertiesTest.VALID_AUTH;

    /** UTF-8 without a mark, the three forms with one, and UTF-16 LE without one (which must be refused). */
    private static final List<String> ENCODINGS = List.of("UTF-8", "UTF-8+BOM", "UTF-16LE+BOM", "UTF-16BE+BOM",
            "UTF-16LE");

    private static final EntraIdProvider PROVIDER = new EntraIdProvider();

    @Property(tries = 2_000)
    void damagedConfigurationFilesGiveOnlyConfigurationProblems(@ForAll("damagedConfig") byte[] bytes) {
        read(bytes, true);
    }

    @Property(tries = 2_000)
    void damagedAuthenticationFilesGiveOnlyConfigurationProblems(@ForAll("damagedAuth") byte[] bytes) {
        read(bytes, false);
    }

    @Property(tries = 1_000)
    void noiseGivesOnlyConfigurationProblems(@ForAll("noise") byte[] bytes, @ForAll boolean asConfig) {
        read(bytes, asConfig);
    }

    /** Undamaged, the configuration document is accepted in every form Windows saves it in. */
    @org.junit.jupiter.api.Test
    void theUndamagedConfigurationIsAcceptedInEveryEncoding() {
        for (String encoding : ENCODINGS.subList(0, 4)) {
            ConnectorConfiguration configuration = ConnectorConfiguration.of(DocumentText.decode(
                    encode(CONFIG, encoding), "ConfigJson"), VALID_AUTH, ConfigurationPropertiesTest.RESOLVER);
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> PROVIDER.validate(configuration), encoding);
        }
    }

    private static void read(byte[] bytes, boolean asConfig) {
        String document = asConfig ? "ConfigJson" : "AuthJson";
        String outcome;
        try {
            String text = DocumentText.decode(bytes, document);
            ConnectorConfiguration configuration = asConfig
                    ? ConnectorConfiguration.of(text, VALID_AUTH, ConfigurationPropertiesTest.RESOLVER)
                    : ConnectorConfiguration.of(VALID_CONFIG, text, ConfigurationPropertiesTest.RESOLVER);
            outcome = "refused";
            PROVIDER.validate(configuration);
            try (Connector connector = PROVIDER.create(configuration)) {
                outcome = "accepted";
            }
        } catch (ConfigurationException e) {
            outcome = e.problems().get(0).field().equals(document) && e.problems().size() == 1
                    && e.problems().get(0).expected().contains("save it as UTF-8") ? "not text" : "refused";
            assertNoSecret(e);
        } catch (Throwable t) {
            fail("reading " + document + " threw " + t + " instead of a ConfigurationException", t);
            return;
        }
        Statistics.collect(outcome);
    }

    private static void assertNoSecret(ConfigurationException e) {
        List<String> messages = new ArrayList<>();
        messages.add(e.getMessage());
        e.problems().forEach(p -> messages.add(p.field() + " " + p.expected()));
        for (String message : messages) {
            for (int i = 0; i + 10 <= SECRET.length(); i++) {
                String piece = SECRET.substring(i, i + 10);
                assertFalse(message.contains(piece), () -> "a message repeats part of a secret: " + message);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> damagedConfig() {
        return damaged(CONFIG);
    }

    @Provide
    Arbitrary<byte[]> damagedAuth() {
        return damaged(AUTH);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> marks = Arbitraries.of(new byte[0], new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xFE, (byte) 0xFF});
        return Combinators.combine(marks, random).as(EncodedDocumentsPropertiesTest::concat);
    }

    /** A valid-looking document in one of the encodings, with up to four byte-level mutations. */
    private static Arbitrary<byte[]> damaged(String document) {
        Arbitrary<byte[]> encoded = Arbitraries.of(ENCODINGS).map(encoding -> encode(document, encoding));
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMaxSize(4);
        return Combinators.combine(encoded, mutations).as((bytes, list) -> {
            byte[] result = bytes;
            for (Mutation m : list) {
                result = m.apply(result);
            }
            return result;
        });
    }

    private static byte[] encode(String text, String encoding) {
        boolean mark = encoding.endsWith("+BOM");
        Charset charset = Charset.forName(mark ? encoding.substring(0, encoding.length() - 4) : encoding);
        return ((mark ? "\uFEFF" : "") + text).getBytes(charset);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of((byte) '"', (byte) '{', (byte) '}', (byte) ',', (byte) ':', (byte) '\\', (byte) 0,
                        (byte) 0xC3, (byte) 0xD8, (byte) 0xFE, (byte) 0xFF));
        Arbitrary<String> kind = Arbitraries.of("replace", "insert", "delete", "truncate", "repeat");
        return Combinators.combine(kind, position, value).as(Mutation::new);
    }

    private record Mutation(String kind, int position, byte value) {
        byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return kind.equals("insert") ? new byte[] {value} : bytes;
            }
            int at = position % bytes.length;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (kind) {
                case "replace" -> {
                    byte[] copy = bytes.clone();
                    copy[at] = value;
                    return copy;
                }
                case "insert" -> {
                    out.write(bytes, 0, at);
                    out.write(value);
                    out.write(bytes, at, bytes.length - at);
                }
                case "delete" -> {
                    out.write(bytes, 0, at);
                    out.write(bytes, at + 1, bytes.length - at - 1);
                }
                case "truncate" -> out.write(bytes, 0, at);
                default -> {
                    out.write(bytes, 0, at);
                    out.write(bytes, at, Math.min(8, bytes.length - at));
                    out.write(bytes, at, bytes.length - at);
                }
            }
            return out.toByteArray();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
