package org.identitymesh.connector.testkit.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.identitymesh.connector.api.WatermarkRejectedException;

/**
 * The in-memory connector's watermark: {@code inmemory.v1.<directory>.<sequence>.<checksum>}, the position in
 * the directory's change log up to which changes were delivered.
 *
 * <p>The version lets a later connector read or refuse old watermarks; the directory name binds the watermark to
 * the configuration it was made for; the checksum (the start of a SHA-256 of the rest) makes a corrupt or edited
 * watermark fail loudly instead of silently resuming from the wrong position. It is not a signature: a host
 * stores watermarks, it does not forge them.
 */
final class InMemoryWatermark {

    private static final String PREFIX = "inmemory.v1.";
    private static final String REJECTED = "The watermark was not produced by the InMemory connector for directory ";

    private InMemoryWatermark() {
    }

    static String of(String directory, long sequence) {
        String body = PREFIX + directory + "." + sequence;
        return body + "." + checksum(body);
    }

    /**
     * The log position a watermark stands for.
     *
     * @throws WatermarkRejectedException when the watermark is foreign, corrupt or made for another directory
     */
    static long sequence(String watermark, String directory) {
        int lastDot = watermark.lastIndexOf('.');
        String body = lastDot < 0 ? "" : watermark.substring(0, lastDot);
        if (!body.startsWith(PREFIX) || !MessageDigest.isEqual(bytes(checksum(body)),
                bytes(watermark.substring(lastDot + 1)))) {
            throw new WatermarkRejectedException(REJECTED + directory + ", or is corrupt; run a FULL import.");
        }
        String[] parts = body.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2 || !parts[0].equals(directory) || !parts[1].matches("0|[1-9][0-9]{0,17}")) {
            throw new WatermarkRejectedException(REJECTED + directory + "; run a FULL import.");
        }
        return Long.parseLong(parts[1]);
    }

    private static String checksum(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes(body));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
