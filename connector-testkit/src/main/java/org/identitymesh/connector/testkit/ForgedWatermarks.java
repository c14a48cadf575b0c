package org.identitymesh.connector.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.testkit.memory.InMemoryConnectorProvider;
import org.identitymesh.connector.testkit.memory.InMemoryDirectory;

/** Watermarks a connector did not produce, each described for a failure message. */
final class ForgedWatermarks {

    private ForgedWatermarks() {
    }

    /** Watermarks of no connector, or of other connectors. */
    static Map<String, String> foreign() {
        Map<String, String> foreign = new LinkedHashMap<>();
        foreign.put("random text", "not-a-watermark-" + UUID.randomUUID());
        foreign.put("a Graph delta link", "https://graph.microsoft.com/v1.0/users/delta?$deltatoken="
                + UUID.randomUUID());
        foreign.put("a base64 JSON cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"version\":1,\"cursor\":42}".getBytes(StandardCharsets.UTF_8)));
        foreign.put("a bare number", "42");
        foreign.put("an empty JSON object", "{}");
        foreign.put("a watermark of another InMemory directory", anotherConnectorsWatermark());
        return foreign;
    }

    /** A genuine watermark changed in one place, cut short or lengthened; never empty, which means a first run. */
    static Map<String, String> corruptions(String watermark) {
        int length = watermark.length();
        Map<String, String> corrupted = new LinkedHashMap<>();
        corrupted.put("its first character changed", changeCharacter(watermark, 0));
        corrupted.put("its middle character changed", changeCharacter(watermark, length / 2));
        corrupted.put("its last character changed", changeCharacter(watermark, length - 1));
        corrupted.put("its last character removed", watermark.substring(0, length - 1));
        corrupted.put("its second half removed", watermark.substring(0, length / 2));
        corrupted.put("a character appended", watermark + changeCharacter(watermark.substring(length - 1), 0));
        corrupted.values().removeIf(String::isEmpty);
        return corrupted;
    }

    /** Changes one character into another of the same kind, so that the result still looks plausible. */
    private static String changeCharacter(String text, int index) {
        char c = text.charAt(index);
        char changed = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10)
                : c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 1) % 26)
                : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 1) % 26)
                : c == 'x' ? 'y' : 'x';
        return text.substring(0, index) + changed + text.substring(index + 1);
    }

    /** A genuine watermark of the InMemory connector, for a directory no fixture uses. */
    private static String anotherConnectorsWatermark() {
        String key = UUID.randomUUID().toString();
        try (InMemoryDirectory directory = InMemoryDirectory.create("contract-suite-" + UUID.randomUUID(), key);
                Connector other = new InMemoryConnectorProvider().create(ConnectorConfiguration.of(
                        "{\"Directory\":\"" + directory.name() + "\"}", "{\"ApiKey\":\"env:KEY\"}",
                        SecretResolvers.environment(name -> key)))) {
            return other.importChanges(ImportRequest.full(), record -> { }).watermark();
        }
    }
}
