package org.identitymesh.connector.entra.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.delta.DeltaResource;
import org.identitymesh.connector.entra.graph.GraphLinks;

/**
 * The JSON text that {@link Watermark} and {@link Checkpoint} share: the runbook's wrapper
 * {@code {"u": "<users link>", "g": "<groups link>", "d": "<devices link>"}}, one key per resource (its first
 * letter; a resource the configuration does not import has none), with a version, the tenant, a fingerprint per
 * resource ({@code us}, {@code gs}, {@code ds}), for an unfinished round of a checkpoint its reason ({@code ur},
 * {@code gr}, {@code dr}), {@code "k": "checkpoint"} for a checkpoint, and a checksum that catches corruption.
 *
 * <p>Decoding refuses, before any request is sent, a text that is not JSON, has another version or tenant, fails its
 * checksum, is a checkpoint where a watermark is expected (or the reverse), or holds a link that does not point at
 * the configured Graph endpoint's delta path of its resource.
 */
final class CursorDocument {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int VERSION = 1;
    private static final String CHECKPOINT = "checkpoint";

    /**
     * One resource's entry.
     *
     * @param link        the link
     * @param fingerprint what the link selects
     * @param roundReason why an unfinished round of a checkpoint is full ({@code "delta"} for a delta round), else
     *                    {@code null}
     */
    record Entry(String link, String fingerprint, String roundReason) {
    }

    private CursorDocument() {
    }

    static String encode(String tenant, boolean checkpoint, Map<String, Entry> entries) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("t", tenant);
        if (checkpoint) {
            node.put("k", CHECKPOINT);
        }
        for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
            String key = key(e.getKey());
            node.put(key, e.getValue().link());
            node.put(key + "s", e.getValue().fingerprint());
            if (e.getValue().roundReason() != null) {
                node.put(key + "r", e.getValue().roundReason());
            }
        }
        node.put("c", checksum(node));
        return node.toString();
    }

    static Map<String, Entry> decode(String text, String tenant, GraphLinks links, boolean checkpoint,
            Collection<String> resources) {
        ObjectNode node;
        try {
            JsonNode parsed = text.length() > 65_536 ? null : JSON.readTree(text);
            if (!(parsed instanceof ObjectNode object)) {
                throw rejected("it is not a JSON object as this connector writes");
            }
            node = object;
        } catch (JsonProcessingException e) {
            throw rejected("it is not valid JSON");
        }
        Set<String> fields = new HashSet<>(Set.of("v", "t", "k", "c"));
        resources.forEach(r -> fields.addAll(Set.of(key(r), key(r) + "s", key(r) + "r")));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!fields.contains(field)) {
                throw rejected("it has the unknown field \"" + (field.length() > 20 ? field.substring(0, 20) + "…"
                        : field) + "\"");
            }
        }
        if (!node.path("v").isInt() || node.path("v").intValue() != VERSION) {
            throw rejected("its version is not " + VERSION);
        }
        String checksum = node.path("c").asText("");
        ObjectNode unsigned = node.deepCopy();
        unsigned.remove("c");
        if (!checksum.equals(checksum(unsigned))) {
            throw rejected("its checksum does not match: it was corrupted or edited");
        }
        if (!tenant.equalsIgnoreCase(node.path("t").asText(""))) {
            throw rejected("it belongs to another tenant");
        }
        if (checkpoint != CHECKPOINT.equals(node.path("k").asText(""))) {
            throw rejected(checkpoint ? "it is a watermark, not a checkpoint: pass it to a DELTA import"
                    : "it is a checkpoint, not a watermark: pass it to ImportRequest.resume");
        }
        Map<String, Entry> entries = new TreeMap<>();
        for (String resource : resources) {
            String key = key(resource);
            if (node.has(key)) {
                String link = node.path(key).asText("");
                if (!links.isDeltaLink(link, resource)) {
                    throw rejected("its " + resource + " link " + GraphLinks.redact(link)
                            + " does not point at the configured Graph endpoint's " + resource + "/delta");
                }
                String reason = checkpoint && node.has(key + "r") ? node.path(key + "r").asText() : null;
                entries.put(resource, new Entry(link, node.path(key + "s").asText(""), reason));
            }
        }
        return entries;
    }

    private static String key(String resource) {
        return resource.substring(0, 1);
    }

    private static WatermarkRejectedException rejected(String why) {
        return new WatermarkRejectedException("The watermark or checkpoint was refused because " + why
                + "; no request was sent. Run a FULL import to get a new watermark.");
    }

    private static String checksum(ObjectNode node) {
        return DeltaResource.fingerprint(node.toString());
    }
}
