package org.identitymesh.connector.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One run at a time per watermark: an operating-system lock on {@code <state>.lock}, which every entra-sync process
 * respects and which the system releases when a process dies, so no stale lock is left behind. The file holds the
 * holder's process id and start time for the message a second process gives.
 */
final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a watermark file. */
    static Path fileFor(Path state) {
        return state.resolveSibling(state.getFileName() + ".lock");
    }

    /**
     * Takes the lock of a watermark file.
     *
     * @param state the watermark file
     * @return the lock, or empty when another run holds it
     * @throws FileProblem when the lock file cannot be created
     */
    static Optional<RunLock> tryAcquire(Path state) throws FileProblem {
        Path file = fileFor(state);
        FileChannel channel = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already runs it
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return Optional.of(new RunLock(channel, lock));
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the failure reported is the first one
                }
            }
            throw FileProblem.cannotWrite("the lock file", file, e, "nothing was imported and the watermark was kept");
        }
    }

    /** Who holds the lock, as its file says, for the message of a run that could not take it. */
    static String holder(Path state) {
        try {
            String text = Files.readString(fileFor(state), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another process" : "another entra-sync (" + text + ")";
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        }
    }
}
