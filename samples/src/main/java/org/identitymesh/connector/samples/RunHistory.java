package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs tab: one JSON line per run, appended when the run ends, in {@code <state>.history.jsonl} unless
 * {@code --history} says otherwise. Reading streams the file, so years of history cost no memory.
 *
 * <p>A line holds: {@code runId}, {@code trigger} (manual, schedule, resync), {@code started}, {@code finished},
 * {@code mode} (full or delta, as asked), {@code dryRun}, {@code outcome} (succeeded, failed, held, cancelled,
 * dry-run), {@code exitCode}, per object type ({@code types}) the round (full with its reason, or delta) and the
 * counts of {@link org.identitymesh.connector.api.ImportResult.TypeResult}, the {@code changes} file and lines
 * written, the delete guard's verdict, and for a failure the {@code error}'s kind and message (the SPI's messages
 * hold no secrets).
 */
final class RunHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    RunHistory(Path file) {
        this.file = file;
    }

    /** The default history file of a watermark file. */
    static Path fileFor(Path state) {
        return state.resolveSibling(state.getFileName() + ".history.jsonl");
    }

    Path file() {
        return file;
    }

    /**
     * Appends a run and forces it to disk.
     *
     * @param run the run's line
     * @throws FileProblem when the file cannot be written
     */
    void append(ObjectNode run) throws FileProblem {
        byte[] line = (run.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw FileProblem.cannotWrite("the run history", file, e, "the run itself is complete");
        }
    }

    /**
     * The last runs, oldest first.
     *
     * @param count how many
     * @return at most {@code count} runs
     * @throws FileProblem when the file cannot be read
     */
    List<JsonNode> last(int count) throws FileProblem {
        Deque<JsonNode> runs = new ArrayDeque<>();
        forEach(run -> {
            runs.addLast(run);
            if (runs.size() > count) {
                runs.removeFirst();
            }
        });
        return List.copyOf(runs);
    }

    /**
     * Per object type, the total of its last complete snapshot delivered by a run that was not a dry run and whose
     * changes were written: what the delete guard compares a new complete snapshot with.
     *
     * @return totals by type; empty before the first such run
     * @throws FileProblem when the file cannot be read
     */
    Map<String, Long> lastCompleteTotals() throws FileProblem {
        Map<String, Long> totals = new LinkedHashMap<>();
        forEach(run -> {
            if (!run.path("outcome").asText().equals("succeeded")) {
                return;
            }
            run.path("types").fields().forEachRemaining(type -> {
                if (type.getValue().path("completeSnapshot").asBoolean(false)) {
                    totals.put(type.getKey(), type.getValue().path("upserted").asLong());
                }
            });
        });
        return totals;
    }

    /**
     * When the last successful run that read every type as a complete snapshot started: a schedule of full rounds
     * counts from starts, so that a long round does not push the next one later each time.
     *
     * @return its start, or empty when there was none
     * @throws FileProblem when the file cannot be read
     */
    Optional<Instant> lastFullRound() throws FileProblem {
        Instant[] last = {null};
        forEach(run -> {
            JsonNode types = run.path("types");
            boolean complete = types.size() > 0;
            for (JsonNode type : types) {
                complete &= type.path("completeSnapshot").asBoolean(false);
            }
            if (run.path("outcome").asText().equals("succeeded") && complete) {
                last[0] = Instant.parse(run.path("started").asText());
            }
        });
        return Optional.ofNullable(last[0]);
    }

    private interface RunConsumer {
        void accept(JsonNode run);
    }

    private void forEach(RunConsumer consumer) throws FileProblem {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode run;
                try {
                    run = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a line cut by a crash while it was appended: that run's outcome is unknown
                }
                if (run.isObject()) {
                    consumer.accept(run);
                }
            }
        } catch (NoSuchFileException e) {
            // no run yet
        } catch (IOException e) {
            throw FileProblem.cannotRead("the run history", file, "--history", e);
        }
    }
}
