package org.identitymesh.connector.samples;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConnectorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code entra-sync watch}: the schedule in one long-running process. A delta on the interval, a full round on its
 * own schedule, one run at a time (and none while another process holds the watermark's lock), longer waits after
 * failures, a full round at once after a refused watermark; stops cleanly on SIGTERM or Ctrl+C, between runs or
 * inside one (whose watermark then stays where it was).
 */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Runs imports on a schedule until stopped (SIGTERM, Ctrl+C): a delta every --every, a full "
                + "round every --full-every (at --at if given). Each run is recorded in the run history.", ""})
final class WatchCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Duration LONGEST_BACKOFF = Duration.ofHours(24);

    @ParentCommand
    private EntraSync host;

    @Mixin
    private ConnectorOptions connection;

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "the watermark file")
    private Path state;

    @Option(names = "--changes", required = true, paramLabel = "FILE|-",
            description = "where each run's changes go; use --append to add every run to one file, or {time} in the "
                    + "name for one file per run")
    private String changes;

    @Option(names = "--append", description = "add each run's changes to the --changes file")
    private boolean append;

    @Option(names = "--force", description = "replace the --changes file on each run")
    private boolean force;

    @Option(names = "--every", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "the interval between delta runs, for example 30m, 2h, 1d (also s and ms)")
    private Duration every;

    @Option(names = "--full-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "run a full round when the last one is this old, for example 7d")
    private Duration fullEvery;

    @Option(names = "--at", paramLabel = "HH:MM", description = "run due full rounds at this local time of day "
            + "(without --full-every: a full round every day at this time)")
    private LocalTime at;

    @Option(names = "--max-runs", defaultValue = "0", paramLabel = "N",
            description = "stop after N runs, for a trial (default: 0, run until stopped)")
    private int maxRuns;

    @Mixin
    private GuardOptions guard;

    @Option(names = "--history", paramLabel = "FILE",
            description = "the run history (default: the watermark file's name + .history.jsonl)")
    private Path history;

    private final Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws UsageProblem, FileProblem {
        if (every.isZero() || every.isNegative()) {
            throw new UsageProblem("--every takes a positive duration such as 30m");
        }
        ChangesTarget target = ChangesTarget.of(changes, append, force);
        if (!target.isStandardOutput() && !append && !force && !changes.contains("{time}")) {
            throw new UsageProblem("watch writes changes on every run: give --append to add them to "
                    + changes + ", {time} in its name for one file per run, or --force to replace it each time");
        }
        DeleteGuard deleteGuard = guard.guard();
        RunHistory runs = new RunHistory(history != null ? history : RunHistory.fileFor(state));
        Cancellation cancellation = host.cancellation();
        SyncRun syncRun = new SyncRun(host, clock);
        FullRoundSchedule schedule = new FullRoundSchedule(fullEvery, at, clock.getZone(), every, clock.instant());
        host.err().println("entra-sync watch: a delta every " + text(every) + (schedule.interval() == null ? ""
                : ", a full round every " + text(schedule.interval()) + (at == null ? "" : " at " + at))
                + "; history in "
                + runs.file() + ". Stop with Ctrl+C or SIGTERM.");

        int failures = 0;
        boolean resync = false;
        for (int count = 1; maxRuns == 0 || count <= maxRuns; count++) {
            Instant start = clock.instant();
            boolean full = schedule.fullRoundAt(start, runs.lastFullRound()) || resync;
            String trigger = resync ? "resync" : "schedule";
            host.err().println("entra-sync watch: run " + count + " (" + (full ? "full" : "delta") + ", " + trigger
                    + ") at " + start);
            int code = runOnce(syncRun, target, deleteGuard, runs, full, trigger, cancellation);
            if (code == EntraSync.CANCELLED) {
                host.err().println("entra-sync watch: stopped during run " + count + "; the watermark stays where "
                        + "that run found it.");
                return EntraSync.CANCELLED;
            }
            if (cancellation.isCancelled()) {
                host.err().println("entra-sync watch: stopped after run " + count + ", which had finished.");
                return code == EntraSync.LOCKED ? EntraSync.OK : code;
            }
            if (code == EntraSync.USAGE) {
                return code;
            }
            resync = code == EntraSync.WATERMARK && !full;
            failures = code == EntraSync.OK || code == EntraSync.LOCKED ? 0 : failures + 1;
            if (maxRuns != 0 && count == maxRuns) {
                break;
            }
            Instant next = resync ? clock.instant() : start.plus(backoff(failures));
            if (failures == 0) {
                next = schedule.wake(next);
            }
            if (!sleepUntil(next, cancellation)) {
                host.err().println("entra-sync watch: stopped between runs.");
                return EntraSync.OK;
            }
        }
        return EntraSync.OK;
    }

    private int runOnce(SyncRun syncRun, ChangesTarget target, DeleteGuard deleteGuard, RunHistory runs,
            boolean full, String trigger, Cancellation cancellation) throws UsageProblem {
        SyncRun.Request request = new SyncRun.Request(connection, state, full, target, false, deleteGuard, runs,
                trigger);
        try {
            return syncRun.execute(request, cancellation);
        } catch (ConnectorException | FileProblem e) {
            return host.report(e);
        }
    }

    /** The interval, doubled after each failure in a row up to eight times, and never more than a day. */
    private Duration backoff(int failures) {
        Duration wait = every.multipliedBy(1L << Math.min(3, Math.max(0, failures - 1)));
        return failures > 1 && wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
    }

    /** Sleeps in short slices so that a stop is seen at once; false when stopped. */
    private boolean sleepUntil(Instant next, Cancellation cancellation) {
        while (!cancellation.isCancelled()) {
            long left = Duration.between(clock.instant(), next).toMillis();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(left, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String text(Duration d) {
        return d.toMillis() % 86_400_000 == 0 ? d.toDays() + "d" : d.toMillis() % 3_600_000 == 0 ? d.toHours() + "h"
                : d.toMillis() % 60_000 == 0 ? d.toMinutes() + "m" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s"
                : d.toMillis() + "ms";
    }

    /** {@code 30m}, {@code 2h}, {@code 7d}, {@code 45s}, {@code 500ms}, or ISO-8601 such as {@code PT30M}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("a duration such as 30m, 2h or 7d is expected, found \""
                        + value + "\"");
            }
        }
    }
}
