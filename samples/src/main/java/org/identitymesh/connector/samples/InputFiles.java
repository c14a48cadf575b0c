package org.identitymesh.connector.samples;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.DocumentText;

/**
 * Reads the files an operator gives the host (configuration, authentication, secrets, watermark) as the SPI
 * expects them: text, whichever way Windows saved it (UTF-8 with or without a byte-order mark, UTF-16 with one),
 * and JSON where JSON is expected. Each failure is a {@link FileProblem} that names the file and the fix.
 */
final class InputFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputFiles() {
    }

    /**
     * The text of a file.
     *
     * @param what   what the file is, for example "the configuration file"
     * @param path   the file
     * @param option the option that named it
     * @return its text, without a byte-order mark
     * @throws FileProblem when it does not exist, is a folder, cannot be read or is not text
     */
    static String text(String what, Path path, String option) throws FileProblem {
        if (Files.isDirectory(path)) {
            throw FileProblem.input(what, path, "is a folder", "give " + option + " the path of a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw FileProblem.cannotRead(what, path, option, e);
        }
        try {
            return DocumentText.decode(bytes, path.toString());
        } catch (ConfigurationException e) {
            throw FileProblem.input(what, path, "is not text entra-sync can read", "expected "
                    + e.problems().get(0).expected());
        }
    }

    /**
     * The text of a file that must hold one JSON value.
     *
     * @param what   what the file is
     * @param path   the file
     * @param option the option that named it
     * @return its text, checked to be JSON
     * @throws FileProblem as {@link #text}, and when the text is not JSON
     */
    static String json(String what, Path path, String option) throws FileProblem {
        String text = text(what, path, option);
        tree(what, path, text);
        return text;
    }

    /**
     * A file's JSON value.
     *
     * @param what   what the file is
     * @param path   the file
     * @param option the option that named it
     * @return the parsed value
     * @throws FileProblem as {@link #json}
     */
    static JsonNode jsonTree(String what, Path path, String option) throws FileProblem {
        return tree(what, path, text(what, path, option));
    }

    private static JsonNode tree(String what, Path path, String text) throws FileProblem {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw FileProblem.input(what, path, "is empty", "it must hold a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the text around the mistake, which may be a secret
            JsonLocation at = e.getLocation();
            throw FileProblem.input(what, path, "is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()), "fix the JSON there (an editor with JSON support shows "
                    + "the mistake)");
        }
    }
}
