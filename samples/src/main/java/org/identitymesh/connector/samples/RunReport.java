package org.identitymesh.connector.samples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;

/**
 * Shows an import as it runs (a progress line every few seconds on long runs) and summarises it per object type
 * like a sync history row: total, changed, deleted, filtered, pages, requests, retries, time.
 */
final class RunReport implements ProgressListener {

    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintStream progress;
    private final Map<String, Long> started = new LinkedHashMap<>();
    private final Map<String, Duration> times = new LinkedHashMap<>();
    private long lastProgress = System.nanoTime();

    RunReport(PrintStream progress) {
        this.progress = progress;
    }

    @Override
    public void roundStarted(String objectType, boolean fullRound) {
        started.put(objectType, System.nanoTime());
    }

    @Override
    public void pageDelivered(String objectType, long pageNumber, int objects, long totalSoFar) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            progress.printf(Locale.ROOT, "  ... %s: page %d, %,d objects so far%n", objectType, pageNumber, totalSoFar);
        }
    }

    @Override
    public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
        progress.printf(Locale.ROOT, "  ... %s: retry %d in %.1f s (%s)%n", objectType, attempt,
                wait.toMillis() / 1000.0, reason);
    }

    @Override
    public void roundFinished(ImportResult.TypeResult result) {
        Long start = started.get(result.objectType());
        if (start == null) {
            // memberships are read in the groups round
            start = started.values().stream().reduce((a, b) -> b).orElse(System.nanoTime());
        }
        times.put(result.objectType(), Duration.ofNanos(System.nanoTime() - start));
    }

    void printSummary(String title, ImportResult result, PrintStream out) {
        out.println(title);
        out.printf(Locale.ROOT, "  %-12s %-22s %10s %10s %9s %9s %7s %9s %8s %8s%n", "type", "round", "total",
                "changed", "deleted", "filtered", "pages", "requests", "retries", "time");
        for (ImportResult.TypeResult r : result.types().values()) {
            String round = r.fullRound().map(reason -> "full (" + reason.name().toLowerCase(Locale.ROOT) + ")")
                    .orElse("delta");
            Duration time = times.getOrDefault(r.objectType(), Duration.ZERO);
            out.printf(Locale.ROOT, "  %-12s %-22s %,10d %,10d %,9d %,9d %,7d %,9d %,8d %7.1fs%n", r.objectType(),
                    round, r.seen(), r.upserted(), r.deleted(), r.filteredOut(), r.pages(), r.requests(),
                    r.retries(), time.toMillis() / 1000.0);
        }
        out.printf(Locale.ROOT, "  finished in %.1f s%n", result.elapsed().toMillis() / 1000.0);
    }
}
