package org.identitymesh.connector.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file that holds exactly the watermark string. Absent or empty on a first run; replaced atomically (write a
 * temporary file beside it, force it to disk, rename) so that a crash leaves either the old or the new watermark,
 * never half of one. Written as UTF-8 without a byte-order mark; read as {@link InputFiles#text} reads any file.
 */
final class WatermarkFile {

    private static final String WHAT = "the watermark file";

    private final Path path;

    WatermarkFile(Path path) {
        this.path = path;
    }

    /**
     * The stored watermark.
     *
     * @return the watermark, or empty before the first run
     * @throws FileProblem when the path is a folder or something else than a file, or the file cannot be read
     */
    Optional<String> read() throws FileProblem {
        if (Files.isDirectory(path)) {
            throw FileProblem.input(WHAT, path, "is a folder", "give --state the path of a file (entra-sync "
                    + "creates it on the first run)");
        }
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(path)) {
            throw FileProblem.input(WHAT, path, "is not a regular file", "give --state the path of a file");
        }
        String text = InputFiles.text(WHAT, path, "--state");
        // an editor may have added a line break at the end (Notepad adds \r\n); the watermark never ends in one
        String watermark = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return watermark.isBlank() ? Optional.empty() : Optional.of(watermark);
    }

    /**
     * Replaces the stored watermark.
     *
     * @param watermark the new watermark
     * @throws FileProblem when it cannot be written; the previous watermark is then still in place
     */
    void replace(String watermark) throws FileProblem {
        Path temp = null;
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(watermark.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FileProblem.cannotWrite(WHAT, path, e, "the changes were written and the previous watermark was "
                    + "kept, so the next run delivers them again");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a temporary file left beside the watermark is harmless; the run's outcome is what counts
                }
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
