package org.identitymesh.connector.entra.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a refused value appears in a configuration problem: {@code found "contoso"} when it is short and plain, a
 * description otherwise. A value that holds quotes, backslashes, line breaks or characters no field of ours takes
 * is usually the sign of a quote lost earlier in the document, or of a file read in the wrong encoding: then it may
 * have swallowed the fields after it, secrets included, so it is described by its length instead of shown.
 */
final class Found {

    /** Longer values are described, not shown: no field of ours takes more in a form worth quoting back. */
    static final int MAX_SHOWN = 64;

    private Found() {
    }

    /**
     * {@code found "value"}, or {@code found a value of N characters, not shown (...)}.
     *
     * @param value the refused value
     * @return the words to put after what was expected
     */
    static String text(String value) {
        return shown(value) ? "found \"" + value + "\"" : "found a value of " + value.length() + " characters, not shown"
                + " (it holds quotes, line breaks or characters this field never takes: check the quotes before it,"
                + " and that the file is UTF-8)";
    }

    /**
     * Like {@link #text} for a string; {@code found 1000}, {@code found true}, {@code found null}, {@code found a
     * JSON object} or {@code found a JSON array} for other JSON values.
     *
     * @param node the refused value
     * @return the words to put after what was expected
     */
    static String node(JsonNode node) {
        if (node.isTextual()) {
            return text(node.textValue());
        }
        if (node.isObject() || node.isArray()) {
            return "found a JSON " + (node.isObject() ? "object" : "array");
        }
        return "found " + node;
    }

    /**
     * Plain: at most {@link #MAX_SHOWN} characters, each a space, printable ASCII other than a quote or backslash,
     * or a letter or digit below U+2000 (Latin, Greek, Cyrillic and the like). UTF-16 read one byte off turns JSON's
     * ASCII into characters from U+2000 up, so those are never shown.
     */
    private static boolean shown(String value) {
        if (value.length() > MAX_SHOWN) {
            return false;
        }
        return value.codePoints().allMatch(c -> c == ' ' || (c >= 0x21 && c <= 0x7E && c != '"' && c != '\\')
                || (c < 0x2000 && Character.isLetterOrDigit(c)));
    }
}
