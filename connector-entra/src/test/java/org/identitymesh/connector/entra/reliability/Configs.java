package org.identitymesh.connector.entra.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Edits configuration documents: the tenant fixture's ConfigJson with some fields replaced or added. */
public final class Configs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Configs() {
    }

    /**
     * A JSON object with the members of {@code overrides} put into {@code document}, replacing those it has.
     *
     * @param document  a JSON object
     * @param overrides JSON members without braces, for example {@code "PageSize":5}, or empty
     * @return the merged document
     */
    public static String with(String document, String overrides) {
        try {
            ObjectNode base = (ObjectNode) JSON.readTree(document);
            if (!overrides.isBlank()) {
                base.setAll((ObjectNode) JSON.readTree("{" + overrides + "}"));
            }
            return JSON.writeValueAsString(base);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
