package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code entra-sync history}: the runs table. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Prints the last runs: when each started, how long it took, what triggered it, its outcome, "
                + "and per object type the round, totals, changes, deletes and filtered objects; with --csv, one row "
                + "per run and type for a spreadsheet.", ""})
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    private EntraSync host;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--last", defaultValue = "20", paramLabel = "N", description = "how many runs (default: "
            + "${DEFAULT-VALUE})")
    private int last;

    @Option(names = "--csv", description = "comma-separated values, one row per run and object type")
    private boolean csv;

    /** Where the history is: beside a watermark, or a file. */
    static final class Source {
        @Option(names = "--state", paramLabel = "FILE", description = "the watermark file; its history is beside it")
        Path state;

        @Option(names = "--history", paramLabel = "FILE", description = "the history file")
        Path history;

        Path file() {
            return history != null ? history : RunHistory.fileFor(state);
        }
    }

    @Override
    public Integer call() throws FileProblem {
        List<JsonNode> runs = new RunHistory(source.file()).last(Math.max(1, last));
        PrintStream out = host.out();
        if (csv) {
            out.println("runId,started,finished,trigger,mode,outcome,exitCode,type,round,reason,seen,upserted,deleted,"
                    + "filtered,pages,requests,retries,waitSeconds,deleteGuard,error");
            for (JsonNode run : runs) {
                Iterator<Map.Entry<String, JsonNode>> types = run.path("types").fields();
                if (!types.hasNext()) {
                    out.println(csvRow(run, null, null));
                }
                while (types.hasNext()) {
                    Map.Entry<String, JsonNode> type = types.next();
                    out.println(csvRow(run, type.getKey(), type.getValue()));
                }
            }
            return EntraSync.OK;
        }
        if (runs.isEmpty()) {
            out.println("No runs recorded in " + source.file() + " yet.");
            return EntraSync.OK;
        }
        out.printf(Locale.ROOT, "%-20s %8s  %-8s %-5s %-9s %s%n", "started (UTC)", "took", "trigger", "mode",
                "outcome", "per type: round total +changed -deleted ~filtered");
        for (JsonNode run : runs) {
            StringBuilder types = new StringBuilder();
            run.path("types").fields().forEachRemaining(t -> types.append(types.length() == 0 ? "" : "  ")
                    .append(t.getKey()).append(' ').append(t.getValue().path("round").asText()).append(' ')
                    .append(t.getValue().path("seen").asLong()).append(" +").append(t.getValue().path("upserted")
                    .asLong()).append(" -").append(t.getValue().path("deleted").asLong()).append(" ~")
                    .append(t.getValue().path("filtered").asLong()));
            String error = run.path("error").path("message").asText("");
            String guard = run.path("deleteGuard").path("reason").asText("");
            out.printf(Locale.ROOT, "%-20s %8s  %-8s %-5s %-9s %s%s%s%n", shortTime(run.path("started").asText()),
                    took(run), run.path("trigger").asText(), run.path("mode").asText(),
                    run.path("outcome").asText(), types, guard.isEmpty() ? "" : "  guard: " + guard,
                    error.isEmpty() ? "" : "  error: " + error);
        }
        return EntraSync.OK;
    }

    private static String shortTime(String iso) {
        return iso.length() >= 19 ? iso.substring(0, 19).replace('T', ' ') : iso;
    }

    private static String took(JsonNode run) {
        try {
            Duration d = Duration.between(Instant.parse(run.path("started").asText()),
                    Instant.parse(run.path("finished").asText()));
            return d.toSeconds() >= 60 ? String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart())
                    : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String csvRow(JsonNode run, String type, JsonNode t) {
        String[] cells = {run.path("runId").asText(), run.path("started").asText(), run.path("finished").asText(),
            run.path("trigger").asText(), run.path("mode").asText(), run.path("outcome").asText(),
            run.path("exitCode").asText(), type == null ? "" : type, t == null ? "" : t.path("round").asText(),
            t == null || t.path("reason").isNull() ? "" : t.path("reason").asText(),
            t == null ? "" : t.path("seen").asText(), t == null ? "" : t.path("upserted").asText(),
            t == null ? "" : t.path("deleted").asText(), t == null ? "" : t.path("filtered").asText(),
            t == null ? "" : t.path("pages").asText(), t == null ? "" : t.path("requests").asText(),
            t == null ? "" : t.path("retries").asText(), t == null ? "" : t.path("waitSeconds").asText(),
            run.path("deleteGuard").path("verdict").asText(""), run.path("error").path("message").asText("")};
        java.util.StringJoiner row = new java.util.StringJoiner(",");
        for (String cell : cells) {
            row.add(cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                    ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        return row.toString();
    }
}
