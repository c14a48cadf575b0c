package org.identitymesh.connector.entra.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.graph.GraphLinks;

/**
 * The Entra connector's watermark: the runbook's JSON wrapper {@code {"u": "<users deltaLink>", "g": "<groups
 * deltaLink>"}} with a version, the tenant, a fingerprint per object type of what the links select (so a changed
 * configuration forces a full round rather than mixing shapes) and a checksum that catches corruption.
 *
 * <p>Decoding refuses, before any request is sent, a watermark that is not JSON, has another version or tenant,
 * fails its checksum, or holds a link that does not point at the configured Graph endpoint's delta path.
 */
public final class Watermark {

    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int VERSION = 1;
    private static final Set<String> FIELDS = Set.of("v", "t", "k", "u", "us", "ur", "g", "gs", "gr", "c");
    private static final String CHECKPOINT = "checkpoint";

    private final String tenant;
    private final Map<String, Cursor> cursors;
    private final boolean checkpoint;

    /**
     * Where one object type stands.
     *
     * @param deltaLink   Graph's deltaLink; in a checkpoint of a round not yet finished, the link of the next page to
     *                    deliver
     * @param fingerprint the fingerprint of the selection it was made with
     * @param roundReason in a checkpoint of a round not yet finished, why that round is full ({@code "delta"} for a
     *                    delta round); {@code null} when the link is a deltaLink
     */
    public record Cursor(String deltaLink, String fingerprint, String roundReason) {

        /**
         * A finished round's cursor.
         *
         * @param deltaLink   Graph's deltaLink
         * @param fingerprint the fingerprint of the selection
         */
        public Cursor(String deltaLink, String fingerprint) {
            this(deltaLink, fingerprint, null);
        }

        /**
         * Whether the round behind this cursor has finished.
         *
         * @return whether the link is a deltaLink
         */
        public boolean finished() {
            return roundReason == null;
        }
    }

    private Watermark(String tenant, Map<String, Cursor> cursors, boolean checkpoint) {
        this.tenant = tenant;
        this.cursors = Map.copyOf(cursors);
        this.checkpoint = checkpoint;
    }

    /**
     * A watermark from finished cursors.
     *
     * @param tenant  the configured tenant id
     * @param cursors by resource ({@code users}, {@code groups})
     * @return the watermark
     */
    public static Watermark of(String tenant, Map<String, Cursor> cursors) {
        return new Watermark(tenant, cursors, false);
    }

    /**
     * A checkpoint: where each resource stands in an import that has not finished.
     *
     * @param tenant  the configured tenant id
     * @param cursors by resource
     * @return the checkpoint
     */
    public static Watermark checkpoint(String tenant, Map<String, Cursor> cursors) {
        return new Watermark(tenant, cursors, true);
    }

    /**
     * The cursor of a resource.
     *
     * @param resource {@code users} or {@code groups}
     * @return its cursor, if the watermark holds one
     */
    public Optional<Cursor> cursor(String resource) {
        return Optional.ofNullable(cursors.get(resource));
    }

    /**
     * The watermark's text, as hosts store it.
     *
     * @return compact JSON
     */
    public String encode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("t", tenant);
        if (checkpoint) {
            node.put("k", CHECKPOINT);
        }
        for (Map.Entry<String, Cursor> e : new TreeMap<>(cursors).entrySet()) {
            String key = key(e.getKey());
            node.put(key, e.getValue().deltaLink());
            node.put(key + "s", e.getValue().fingerprint());
            if (!e.getValue().finished()) {
                node.put(key + "r", e.getValue().roundReason());
            }
        }
        node.put("c", checksum(node));
        return node.toString();
    }

    /**
     * Decodes and checks a stored watermark.
     *
     * @param text   the stored text
     * @param tenant the configured tenant id
     * @param links  the configured endpoint's link checker
     * @return the watermark
     * @throws WatermarkRejectedException when the watermark is corrupt, foreign or points elsewhere
     */
    public static Watermark decode(String text, String tenant, GraphLinks links) {
        return decode(text, tenant, links, false);
    }

    /**
     * Decodes and checks a checkpoint, as strictly as a watermark.
     *
     * @param text   the stored checkpoint
     * @param tenant the configured tenant id
     * @param links  the configured endpoint's link checker
     * @return the checkpoint
     * @throws WatermarkRejectedException when the checkpoint is corrupt, foreign, points elsewhere, or is a watermark
     */
    public static Watermark decodeCheckpoint(String text, String tenant, GraphLinks links) {
        return decode(text, tenant, links, true);
    }

    private static Watermark decode(String text, String tenant, GraphLinks links, boolean checkpoint) {
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
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw rejected("it has the unknown field \"" + shorten(field) + "\"");
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
        Map<String, Cursor> cursors = new TreeMap<>();
        for (String resource : new String[] {"users", "groups"}) {
            String key = key(resource);
            if (node.has(key)) {
                String link = node.path(key).asText("");
                if (!links.isDeltaLink(link, resource)) {
                    throw rejected("its " + resource + " link " + GraphLinks.redact(link)
                            + " does not point at the configured Graph endpoint's " + resource + "/delta");
                }
                String reason = checkpoint && node.has(key + "r") ? node.path(key + "r").asText() : null;
                cursors.put(resource, new Cursor(link, node.path(key + "s").asText(""), reason));
            }
        }
        return new Watermark(tenant, cursors, checkpoint);
    }

    private static String key(String resource) {
        return resource.substring(0, 1);
    }

    private static WatermarkRejectedException rejected(String why) {
        return new WatermarkRejectedException("The watermark or checkpoint was refused because " + why
                + "; no request was sent. Run a FULL import to get a new watermark.");
    }

    private static String shorten(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private static String checksum(ObjectNode node) {
        return sha256(node.toString()).substring(0, 16);
    }

    /**
     * The first 16 hex digits of the SHA-256 of a text: fingerprints of selections, and the checksum.
     *
     * @param text the text
     * @return 16 hex digits
     */
    public static String fingerprint(String text) {
        return sha256(text).substring(0, 16);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Says which cursors it holds, never the links. */
    @Override
    public String toString() {
        return (checkpoint ? "Checkpoint" : "Watermark") + "[tenant=" + tenant + ", cursors=" + cursors.keySet() + "]";
    }
}
