package org.identitymesh.connector.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Where a run's changes go: a file, or standard output ({@code -}). An existing file is never replaced silently:
 * {@code --append} adds to it, {@code --force} replaces it, otherwise the run is refused before it imports. A path
 * may hold {@code {time}}, replaced by the run's start (UTC, {@code 20261202T021500Z}), for one file per run.
 */
final class ChangesTarget {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String pattern;
    private final boolean append;
    private final boolean force;

    private ChangesTarget(String pattern, boolean append, boolean force) {
        this.pattern = pattern;
        this.append = append;
        this.force = force;
    }

    /**
     * The target the options describe.
     *
     * @param changes {@code -} or a file path, possibly with {@code {time}}
     * @param append  {@code --append}
     * @param force   {@code --force}
     * @return the target, or a usage problem
     */
    static ChangesTarget of(String changes, boolean append, boolean force) throws UsageProblem {
        if (append && force) {
            throw new UsageProblem("--append and --force exclude each other: add to the changes file, or replace it");
        }
        if (changes.equals("-") && (append || force)) {
            throw new UsageProblem("--append and --force are for a changes file, not for standard output (--changes -)");
        }
        return new ChangesTarget(changes, append, force);
    }

    boolean isStandardOutput() {
        return pattern.equals("-");
    }

    /**
     * The file of a run that started at {@code started}, checked: it must not exist unless {@code --append} or
     * {@code --force} was given.
     *
     * @param started the run's start
     * @return the file, or empty for standard output
     * @throws UsageProblem when it exists and may not be touched
     */
    Optional<Path> file(Instant started) throws UsageProblem {
        if (isStandardOutput()) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(pattern.replace("{time}", TIME.format(started)));
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageProblem("--changes \"" + pattern + "\" is not a path this system can use (" + e.getReason()
                    + ")");
        }
        if (Files.isRegularFile(file) && !append && !force) {
            throw new UsageProblem("the changes file " + file + " exists; give --append to add this run's changes to "
                    + "it, --force to replace it, or another path (a path with {time} gives one file per run)");
        }
        return Optional.of(file);
    }

    /**
     * Where a run's changes are held until it is judged: beside the file, so that they are moved rather than copied,
     * or beside the watermark when they go to standard output or into a device or pipe.
     *
     * @param file  the target file, or empty for standard output
     * @param state the watermark file
     * @return the folder
     */
    static Path heldFolder(Optional<Path> file, Path state) {
        return file.filter(f -> !Files.exists(f) || Files.isRegularFile(f))
                .map(f -> f.toAbsolutePath().getParent()).orElse(state.toAbsolutePath().getParent());
    }

    /**
     * Hands the changes of a run, written and forced to {@code held}, to the target; {@code held} is gone after.
     *
     * @param held   the run's changes
     * @param file   the target file, or empty for standard output
     * @param stdout standard output
     * @throws FileProblem when they cannot be written; the watermark is then kept
     */
    void deliver(Path held, Optional<Path> file, PrintStream stdout) throws FileProblem {
        if (file.isEmpty()) {
            try {
                Files.copy(held, stdout);
                stdout.flush();
                Files.delete(held);
            } catch (IOException e) {
                throw FileProblem.cannotWrite("the changes", Path.of("-"), e, "the watermark was kept");
            }
            return;
        }
        Path target = file.get();
        try {
            // a device or pipe (/dev/stdout, a FIFO) is written into; a file is appended to or replaced
            boolean regular = Files.isRegularFile(target);
            if ((append && regular) || (Files.exists(target) && !regular)) {
                try (FileChannel in = FileChannel.open(held, StandardOpenOption.READ);
                        FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    long position = 0;
                    long size = in.size();
                    while (position < size) {
                        position += in.transferTo(position, size - position, out);
                    }
                    if (regular) {
                        out.force(true);
                    }
                }
                Files.delete(held);
            } else {
                try {
                    Files.move(held, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(held, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw FileProblem.cannotWrite("the changes file", target, e, "the watermark was kept");
        }
    }

    @Override
    public String toString() {
        return isStandardOutput() ? "standard output" : pattern;
    }
}
