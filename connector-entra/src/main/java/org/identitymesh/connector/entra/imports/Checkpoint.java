package org.identitymesh.connector.entra.imports;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.graph.GraphLinks;

/**
 * Where an import that has not finished stands, for {@code ImportRequest.resume}: per resource, either its finished
 * round's deltaLink or the link of the next page to deliver with the reason of its round. Its text is a
 * {@link CursorDocument} marked as a checkpoint, so that it is never taken for a watermark.
 */
public final class Checkpoint {

    /** The round reason of an unfinished delta round. */
    static final String DELTA = "delta";

    private final String tenant;
    private final Map<String, Position> positions;

    /**
     * Where one resource's round stands.
     *
     * @param link        the deltaLink of a finished round, else the link of the next page to deliver
     * @param fingerprint the fingerprint of the selection
     * @param roundReason {@code null} when the round has finished; else why it is full, or {@code "delta"}
     */
    public record Position(String link, String fingerprint, String roundReason) {

        /**
         * Whether the round has finished.
         *
         * @return whether the link is a deltaLink
         */
        public boolean finished() {
            return roundReason == null;
        }
    }

    private Checkpoint(String tenant, Map<String, Position> positions) {
        this.tenant = tenant;
        this.positions = Map.copyOf(positions);
    }

    /**
     * A checkpoint of positions.
     *
     * @param tenant    the configured tenant id
     * @param positions by resource
     * @return the checkpoint
     */
    public static Checkpoint of(String tenant, Map<String, Position> positions) {
        return new Checkpoint(tenant, positions);
    }

    /**
     * The position of a resource.
     *
     * @param resource for example {@code users}
     * @return its position, if the checkpoint holds one
     */
    public Optional<Position> position(String resource) {
        return Optional.ofNullable(positions.get(resource));
    }

    /**
     * The checkpoint's text, as hosts store it.
     *
     * @return compact JSON
     */
    public String encode() {
        Map<String, CursorDocument.Entry> entries = new LinkedHashMap<>();
        positions.forEach((resource, p) -> entries.put(resource, new CursorDocument.Entry(p.link(), p.fingerprint(),
                p.roundReason())));
        return CursorDocument.encode(tenant, true, entries);
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
    public static Checkpoint decode(String text, String tenant, GraphLinks links) {
        Map<String, Position> positions = new LinkedHashMap<>();
        CursorDocument.decode(text, tenant, links, true, ResourceTypes.names()).forEach((resource, e) ->
                positions.put(resource, new Position(e.link(), e.fingerprint(), e.roundReason())));
        return new Checkpoint(tenant, positions);
    }

    /** Says which positions it holds, never the links. */
    @Override
    public String toString() {
        return "Checkpoint[tenant=" + tenant + ", positions=" + positions.keySet() + "]";
    }
}
