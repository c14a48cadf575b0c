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
 * never half of one.
 */
final class WatermarkFile {

    private final Path path;

    WatermarkFile(Path path) {
        this.path = path;
    }

    Optional<String> read() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    void replace(String watermark) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(watermark.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
