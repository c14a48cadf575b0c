package org.identitymesh.connector.testkit.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.WatermarkRejectedException;

/**
 * Where an unfinished in-memory import stands:
 * {@code inmemory-checkpoint.v1.<directory>.<round>.<start>.<type>.<after>.<checksum>}. For a full round
 * ({@code round} = its {@link FullRoundReason}), {@code start} is the log position taken before reading (the
 * watermark the whole import returns), {@code type} the index of the type being read and {@code after} the hex of
 * the last id delivered ({@code -} before the first); for a delta ({@code round} = {@code DELTA}), {@code start} is
 * the log position delivered so far.
 *
 * @param directory the directory
 * @param round     the full round's reason, or {@code null} for a delta
 * @param position  see above
 * @param type      the index of the type being read in a full round
 * @param afterId   the last id delivered of that type, or {@code null}
 */
record InMemoryCheckpoint(String directory, FullRoundReason round, long position, int type, String afterId) {

    private static final String PREFIX = "inmemory-checkpoint.v1.";

    String encode() {
        String body = PREFIX + directory + "." + (round == null ? "DELTA" : round.name()) + "." + position + "." + type
                + "." + (afterId == null ? "-" : HexFormat.of().formatHex(afterId.getBytes(StandardCharsets.UTF_8)));
        return body + "." + checksum(body);
    }

    /**
     * Reads a checkpoint of this directory.
     *
     * @throws WatermarkRejectedException when it is not one, is corrupt or belongs to another directory
     */
    static InMemoryCheckpoint decode(String text, String directory) {
        int lastDot = text.lastIndexOf('.');
        String body = lastDot < 0 ? "" : text.substring(0, lastDot);
        String[] parts = body.startsWith(PREFIX) ? body.substring(PREFIX.length()).split("\\.", -1) : new String[0];
        if (parts.length != 5 || !parts[0].equals(directory) || !MessageDigest.isEqual(bytes(checksum(body)),
                bytes(text.substring(lastDot + 1)))) {
            throw new WatermarkRejectedException("The checkpoint was not produced by the InMemory connector for "
                    + "directory " + directory + ", or is corrupt; run the import again from its start.");
        }
        FullRoundReason round = parts[1].equals("DELTA") ? null : FullRoundReason.valueOf(parts[1]);
        String after = parts[4].equals("-") ? null
                : new String(HexFormat.of().parseHex(parts[4]), StandardCharsets.UTF_8);
        return new InMemoryCheckpoint(directory, round, Long.parseLong(parts[2]), Integer.parseInt(parts[3]), after);
    }

    private static String checksum(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(body)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
