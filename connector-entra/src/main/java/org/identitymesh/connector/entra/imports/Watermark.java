package org.identitymesh.connector.entra.imports;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.delta.DeltaResource;
import org.identitymesh.connector.entra.graph.GraphLinks;

/**
 * The Entra connector's watermark: per resource, the deltaLink of its last finished round and the fingerprint of what
 * that link selects, so that a changed configuration forces a full round rather than mixing shapes. Its text is a
 * {@link CursorDocument}.
 */
public final class Watermark {

    private final String tenant;
    private final Map<String, Cursor> cursors;

    /**
     * Where one resource stands.
     *
     * @param deltaLink   Graph's deltaLink
     * @param fingerprint the fingerprint of the selection it was made with
     */
    public record Cursor(String deltaLink, String fingerprint) {
    }

    private Watermark(String tenant, Map<String, Cursor> cursors) {
        this.tenant = tenant;
        this.cursors = Map.copyOf(cursors);
    }

    /**
     * A watermark from finished cursors.
     *
     * @param tenant  the configured tenant id
     * @param cursors by resource ({@code users}, {@code groups}, {@code devices})
     * @return the watermark
     */
    public static Watermark of(String tenant, Map<String, Cursor> cursors) {
        return new Watermark(tenant, cursors);
    }

    /**
     * The cursor of a resource.
     *
     * @param resource for example {@code users}
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
        Map<String, CursorDocument.Entry> entries = new LinkedHashMap<>();
        cursors.forEach((resource, c) -> entries.put(resource, new CursorDocument.Entry(c.deltaLink(),
                c.fingerprint(), null)));
        return CursorDocument.encode(tenant, false, entries);
    }

    /**
     * Decodes and checks a stored watermark.
     *
     * @param text   the stored text
     * @param tenant the configured tenant id
     * @param links  the configured endpoint's link checker
     * @return the watermark
     * @throws WatermarkRejectedException when the watermark is corrupt, foreign, a checkpoint, or points elsewhere
     */
    public static Watermark decode(String text, String tenant, GraphLinks links) {
        Map<String, Cursor> cursors = new LinkedHashMap<>();
        CursorDocument.decode(text, tenant, links, false, ResourceTypes.names()).forEach((resource, e) ->
                cursors.put(resource, new Cursor(e.link(), e.fingerprint())));
        return new Watermark(tenant, cursors);
    }

    /**
     * The first 16 hex digits of the SHA-256 of a text: fingerprints of selections, and the checksum.
     *
     * @param text the text
     * @return 16 hex digits
     */
    public static String fingerprint(String text) {
        return DeltaResource.fingerprint(text);
    }

    /** Says which cursors it holds, never the links. */
    @Override
    public String toString() {
        return "Watermark[tenant=" + tenant + ", cursors=" + cursors.keySet() + "]";
    }
}
