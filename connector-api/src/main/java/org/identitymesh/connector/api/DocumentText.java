package org.identitymesh.connector.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The text of a JSON document that a host read as bytes, for example a configuration file an operator saved on
 * Windows. JSON is UTF-8 (RFC 8259), but Windows tools write other forms of the same text: Notepad and
 * PowerShell 7 may put a UTF-8 byte-order mark first, and Windows PowerShell 5.1's {@code >} and {@code Out-File}
 * write UTF-16 LE with a byte-order mark. {@link #decode} reads all of them and refuses anything else with a
 * {@link ConfigurationException} that says where the text broke and what to do:
 *
 * <pre>{@code
 * String configJson = DocumentText.decode(Files.readAllBytes(configFile), configFile.toString());
 * }</pre>
 */
public final class DocumentText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final String FIX = "save it as UTF-8";

    private DocumentText() {
    }

    /**
     * Decodes a document: UTF-8 with or without a byte-order mark, or UTF-16 LE or BE when a byte-order mark says
     * so. The byte-order mark is not part of the result.
     *
     * @param bytes    the document as read
     * @param document what the document is, for the problem's field: a file name or a document name such as
     *                 {@code ConfigJson}
     * @return the text
     * @throws ConfigurationException when the bytes are not text in one of those forms; the problem names
     *                                {@code document}, the byte offset and line where decoding failed (never the
     *                                bytes, which could be part of a secret) and says to save it as UTF-8
     * @throws NullPointerException   when {@code bytes} or {@code document} is null
     */
    public static String decode(byte[] bytes, String document) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(document, "document");
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return decode(bytes, 3, StandardCharsets.UTF_8, "UTF-8", document);
        }
        if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00) || startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
            throw problem(document, "UTF-8 text, found UTF-32 (its byte-order mark); " + FIX);
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return decode(bytes, 2, StandardCharsets.UTF_16LE, "UTF-16 LE", document);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return decode(bytes, 2, StandardCharsets.UTF_16BE, "UTF-16 BE", document);
        }
        if (bytes.length >= 2 && (bytes[0] == 0) != (bytes[1] == 0)) {
            // a JSON document starts with an ASCII character, which UTF-16 pairs with a zero byte
            throw problem(document, "UTF-8 text, found what looks like UTF-16 without a byte-order mark; " + FIX);
        }
        return decode(bytes, 0, StandardCharsets.UTF_8, "UTF-8", document);
    }

    /**
     * The text without a leading byte-order mark (U+FEFF), which a host that decoded a file with a BOM by itself
     * may have kept.
     *
     * @param text a document, or {@code null}
     * @return {@code text} without its first character when that is U+FEFF; otherwise {@code text}
     */
    public static String withoutByteOrderMark(String text) {
        return text != null && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static String decode(byte[] bytes, int start, Charset charset, String name, String document) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L,
                (long) (bytes.length - start) * (long) Math.ceil(decoder.maxCharsPerByte())));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw problem(document, name + " text; the bytes at offset " + offset + " (line " + line(bytes, start,
                    offset, charset) + ") are not " + name + (start > 0 ? " although the byte-order mark says so"
                    : "") + "; " + FIX);
        }
        out.flip();
        return out.toString();
    }

    /** The 1-based line of {@code offset}, counting line feeds decoded before it. */
    private static int line(byte[] bytes, int start, int offset, Charset charset) {
        try {
            String before = charset.newDecoder().decode(ByteBuffer.wrap(bytes, start, offset - start)).toString();
            return 1 + (int) before.chars().filter(c -> c == '\n').count();
        } catch (CharacterCodingException e) {
            return 1; // everything before offset decoded once already; this cannot happen
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ConfigurationException problem(String document, String expected) {
        return new ConfigurationException(List.of(new ConfigurationException.Problem(document, expected)));
    }
}
