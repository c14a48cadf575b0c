package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.slf4j.MDC;

/**
 * One run as an operator can trust it: under the watermark's lock, import into a held file, judge the deletes, write
 * the changes where they were asked for, and only then replace the watermark; one line in the run history whatever
 * happens. There is no path on which changes are discarded while the watermark moves: a dry run never touches the
 * watermark, a run the delete guard stops keeps its changes in {@code <state>.held.jsonl} and the old watermark.
 */
final class SyncRun {

    /** The MDC key that carries the run id into every log line of the run, the connector's threads included. */
    static final String MDC_RUN_ID = "entraSync.runId";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to run.
     *
     * @param connection the connector and its configuration files
     * @param state      the watermark file
     * @param full       a FULL import instead of a DELTA from the watermark
     * @param changes    where the changes go; {@code null} only for a dry run that writes none
     * @param dryRun     import and report, never touch the watermark
     * @param guard      the delete guard
     * @param history    the run history
     * @param trigger    manual, schedule or resync
     */
    record Request(ConnectorOptions connection, Path state, boolean full, ChangesTarget changes, boolean dryRun,
                   DeleteGuard guard, RunHistory history, String trigger) {
    }

    private final EntraSync host;
    private final Clock clock;

    SyncRun(EntraSync host, Clock clock) {
        this.host = host;
        this.clock = clock;
    }

    /** The file that keeps the changes of a run the delete guard stopped. */
    static Path heldFileFor(Path state) {
        return state.resolveSibling(state.getFileName() + ".held.jsonl");
    }

    /**
     * Runs one import.
     *
     * @param request      what to run
     * @param cancellation stops the import
     * @return {@link EntraSync#OK}, {@link EntraSync#DELETE_GUARD} or {@link EntraSync#LOCKED}
     * @throws ConnectorException what the connector threw; the history has the run already
     * @throws FileProblem        a file that could not be used; the history has the run already
     * @throws UsageProblem       the changes file exists and may not be touched; nothing was run
     */
    int execute(Request request, Cancellation cancellation) throws FileProblem, UsageProblem {
        Instant started = clock.instant();
        Optional<Path> changesFile = request.changes() == null ? Optional.empty()
                : request.changes().file(started);
        Optional<RunLock> lock = RunLock.tryAcquire(request.state());
        if (lock.isEmpty()) {
            host.err().println("entra-sync: " + RunLock.holder(request.state()) + " is running with the watermark "
                    + request.state() + "; this run did not start. Run again when it has finished.");
            return EntraSync.LOCKED;
        }
        String runId = UUID.randomUUID().toString();
        ObjectNode run = JSON.createObjectNode();
        run.put("runId", runId);
        run.put("trigger", request.trigger());
        run.put("configuration", request.connection().label());
        run.put("started", started.toString());
        run.put("mode", request.full() ? "full" : "delta");
        run.put("dryRun", request.dryRun());
        try (RunLock held = lock.get(); MDC.MDCCloseable id = MDC.putCloseable(MDC_RUN_ID, runId)) {
            try {
                int code = importAndDeliver(request, runId, changesFile, cancellation, run);
                run.put("exitCode", code);
                return code;
            } catch (FileProblem | RuntimeException e) {
                run.put("outcome", e instanceof ImportCancelledException ? "cancelled" : "failed");
                run.put("exitCode", host.exitCode(e));
                ObjectNode error = run.putObject("error");
                error.put("kind", e instanceof FileProblem ? "FileProblem" : e.getClass().getSimpleName());
                error.put("message", e instanceof ConnectorException || e instanceof FileProblem ? e.getMessage()
                        : "an unexpected " + e.getClass().getSimpleName());
                throw e;
            } finally {
                run.put("finished", clock.instant().toString());
                try {
                    request.history().append(run);
                } catch (FileProblem e) {
                    host.err().println("entra-sync: " + e.getMessage() + ".");
                }
            }
        }
    }

    private int importAndDeliver(Request request, String runId, Optional<Path> changesFile, Cancellation cancellation,
            ObjectNode run) throws FileProblem {
        Map<String, Long> previous = request.history().lastCompleteTotals();
        WatermarkFile state = new WatermarkFile(request.state());
        boolean toStandardOutput = request.changes() != null && request.changes().isStandardOutput();
        PrintStream report = toStandardOutput ? host.err() : host.out();
        Path heldDir = ChangesTarget.heldFolder(changesFile, request.state());
        Path held = temporaryFile(heldDir, runId);
        try (Connector connector = host.open(request.connection())) {
            RunReport progress = new RunReport(host.err());
            ImportRequest importRequest = (request.full() ? ImportRequest.full()
                    : ImportRequest.delta(state.read().orElse(null)))
                    .withProgressListener(progress).withCancellation(cancellation);
            ImportResult result;
            long written;
            try (JsonlChangeWriter writer = new JsonlChangeWriter(held)) {
                result = connector.importChanges(importRequest, writer);
                writer.commit();
                written = writer.written();
            }
            putTypes(run, result);
            DeleteGuard.Verdict verdict = request.guard().judge(result, previous);
            putVerdict(run, request.guard(), verdict);
            String title = (request.dryRun() ? "Dry run" : "Import") + " (" + (request.full() ? "full" : "delta")
                    + ") of " + request.connection().label();
            progress.printSummary(title, result, report);

            if (request.dryRun()) {
                report.println("  would write " + written + " changes" + perType(result) + " to "
                        + (request.changes() == null ? "the changes file" : request.changes()));
                report.println("  delete guard: " + describe(verdict));
                if (request.changes() != null) {
                    request.changes().deliver(held, changesFile, host.out());
                    run.put("changes", request.changes().toString());
                    run.put("changesWritten", written);
                }
                report.println("  the watermark was not touched (dry run)");
                run.put("outcome", "dry-run");
                return EntraSync.OK;
            }
            if (verdict.stops()) {
                Path keep = heldFileFor(request.state());
                moveReplacing(held, keep);
                run.put("outcome", "held");
                run.put("held", keep.toString());
                host.err().println("entra-sync: the delete guard stopped this run: " + String.join("; ",
                        verdict.reasons()) + ". Its " + written + " changes are held in " + keep + " and the watermark "
                        + "was kept. If these deletes are right, run again with --accept-deletes (it imports again "
                        + "from the same watermark and writes the changes); if not, fix the configuration (a "
                        + "scoping filter or domain list?) and run again.");
                return EntraSync.DELETE_GUARD;
            }
            request.changes().deliver(held, changesFile, host.out());
            run.put("changes", changesFile.map(Path::toString).orElse("-"));
            run.put("changesWritten", written);
            state.replace(result.watermark());
            run.put("outcome", "succeeded");
            if (verdict.state().equals("accepted")) {
                report.println("  delete guard: accepted (" + String.join("; ", verdict.reasons()) + ")");
            }
            return EntraSync.OK;
        } finally {
            try {
                Files.deleteIfExists(held);
            } catch (IOException e) {
                host.err().println("entra-sync: could not delete the temporary file " + held);
            }
        }
    }

    private static Path temporaryFile(Path dir, String runId) throws FileProblem {
        try {
            Files.createDirectories(dir);
            return Files.createTempFile(dir, ".entra-sync-" + runId, ".jsonl");
        } catch (IOException e) {
            throw FileProblem.cannotWrite("a temporary changes file in", dir, e,
                    "nothing was imported and the watermark was kept");
        }
    }

    private static void moveReplacing(Path from, Path to) throws FileProblem {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw FileProblem.cannotWrite("the held changes file", to, e, "the watermark was kept");
        }
    }

    private static void putTypes(ObjectNode run, ImportResult result) {
        ObjectNode types = run.putObject("types");
        for (ImportResult.TypeResult t : result.types().values()) {
            ObjectNode type = types.putObject(t.objectType());
            type.put("round", t.fullRound().isPresent() ? "full" : "delta");
            type.put("reason", t.fullRound().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null));
            type.put("completeSnapshot", t.completeSnapshot());
            type.put("seen", t.seen());
            type.put("upserted", t.upserted());
            type.put("deleted", t.deleted());
            type.put("filtered", t.filteredOut());
            type.put("pages", t.pages());
            type.put("requests", t.requests());
            type.put("retries", t.retries());
            type.put("waitSeconds", t.waited().toMillis() / 1000.0);
        }
    }

    private static void putVerdict(ObjectNode run, DeleteGuard guard, DeleteGuard.Verdict verdict) {
        ObjectNode node = run.putObject("deleteGuard");
        node.put("verdict", verdict.state());
        node.put("maxDeletes", guard.maxDeletes());
        node.put("maxDeletePercent", guard.maxDeletePercent());
        ObjectNode types = node.putObject("deletes");
        for (DeleteGuard.TypeDeletes d : verdict.deletes()) {
            ObjectNode type = types.putObject(d.objectType());
            type.put("explicit", d.explicit());
            type.put("implied", d.implied());
            if (d.previousTotal() >= 0) {
                type.put("previousTotal", d.previousTotal());
            }
        }
        if (!verdict.reasons().isEmpty()) {
            node.put("reason", String.join("; ", verdict.reasons()));
        }
    }

    private static String perType(ImportResult result) {
        StringBuilder text = new StringBuilder(" (");
        String separator = "";
        for (ImportResult.TypeResult t : result.types().values()) {
            text.append(separator).append(t.objectType()).append(": ").append(t.upserted()).append(" UPSERT, ")
                    .append(t.deleted()).append(" DELETE");
            separator = "; ";
        }
        return text.append(')').toString();
    }

    private static String describe(DeleteGuard.Verdict verdict) {
        return switch (verdict.state()) {
            case "off" -> "off";
            case "passed" -> "passed";
            case "accepted" -> "would pass with --accept-deletes (" + String.join("; ", verdict.reasons()) + ")";
            default -> "would stop this run: " + String.join("; ", verdict.reasons());
        };
    }
}
