package org.identitymesh.connector.samples;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code entra-sync run}: one import. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Runs one import: a delta from the stored watermark (a full one on the first run), or a full "
                + "one with --mode full. The changes are written first (--changes), the watermark is replaced after; "
                + "the run is recorded in the run history.", ""})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private EntraSync host;

    @Mixin
    private ConnectorOptions connection;

    @Option(names = "--state", required = true, paramLabel = "FILE",
            description = "the watermark file; created by the first run")
    private Path state;

    @Option(names = "--mode", defaultValue = "delta", paramLabel = "full|delta",
            description = "delta (default) or full")
    private Mode mode;

    @Option(names = "--changes", paramLabel = "FILE|-",
            description = "where the changes go, as JSON lines: a file that does not exist yet (see --append, "
                    + "--force; {time} in the name gives one file per run), or - for standard output. Required "
                    + "except with --dry-run.")
    private String changes;

    @Option(names = "--append", description = "add the changes to an existing --changes file")
    private boolean append;

    @Option(names = "--force", description = "replace an existing --changes file")
    private boolean force;

    @Option(names = "--dry-run", description = "import and report what would be written; never touches the "
            + "watermark (the changes are written only if --changes is given)")
    private boolean dryRun;

    @Mixin
    private GuardOptions guard;

    @Option(names = "--history", paramLabel = "FILE",
            description = "the run history (default: the watermark file's name + .history.jsonl)")
    private Path history;

    /** The import modes. */
    enum Mode { full, delta }

    @Override
    public Integer call() throws FileProblem, UsageProblem {
        if (changes == null && !dryRun) {
            throw new UsageProblem("run needs --changes FILE (or --changes - for standard output): without it the "
                    + "changes would be lost while the watermark moves on; --dry-run imports without writing");
        }
        ChangesTarget target = changes == null ? null : ChangesTarget.of(changes, append, force);
        SyncRun.Request request = new SyncRun.Request(connection, state, mode == Mode.full, target, dryRun,
                guard.guard(), new RunHistory(history != null ? history : RunHistory.fileFor(state)), "manual");
        return new SyncRun(host, Clock.systemUTC()).execute(request, host.cancellation());
    }
}
