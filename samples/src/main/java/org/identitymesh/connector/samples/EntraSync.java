package org.identitymesh.connector.samples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorApi;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code entra-sync}, the reference host: loads connectors through {@link java.util.ServiceLoader} only, runs
 * imports, writes their changes as JSON lines and keeps the watermark in a file, replacing it only after every change
 * was written. Commands: {@code run}, {@code watch}, {@code validate}, {@code test-connection}, {@code describe},
 * {@code history}, {@code demo}, {@code bench}; {@code entra-sync COMMAND --help} explains each.
 *
 * <p>Exit codes: 0 success; 1 anything else; 2 usage; 3 configuration; 4 sign-in or permission; 5 watermark refused
 * or resync required; 6 Graph kept failing or throttling; 7 writing the changes or the watermark failed; 8 connection
 * test failed; 9 an input file cannot be used; 10 the delete guard stopped the run; 11 another run holds the
 * watermark's lock; 130 cancelled.
 */
@Command(name = "entra-sync", mixinStandardHelpOptions = true, versionProvider = EntraSync.Version.class,
        sortOptions = true, usageHelpAutoWidth = true,
        description = {"Imports users, groups and memberships from a directory through a connector, writes the "
                + "changes as JSON lines and keeps the watermark in a file.", ""},
        commandListHeading = "%nCommands:%n",
        subcommands = {RunCommand.class, WatchCommand.class, ValidateCommand.class, TestConnectionCommand.class,
            DescribeCommand.class, HistoryCommand.class, Demo.class, Bench.class, BenchTenants.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "  0:success",
            "  1:any other failure",
            "  2:usage: an unknown command or option, a missing value, an existing changes file",
            "  3:configuration refused (every problem is named with its field)",
            "  4:sign-in or permission refused",
            "  5:watermark refused or resync required: run again with --mode full",
            "  6:Graph kept throttling or failing; the watermark was kept",
            "  7:the changes, the watermark or the history could not be written; the watermark was kept",
            "  8:the connection test failed",
            "  9:an input file does not exist, is a folder, cannot be read, is not text or not JSON",
            " 10:the delete guard stopped the run; its changes are held, the watermark was kept",
            " 11:another entra-sync is running with the same watermark",
            "130:cancelled (Ctrl+C, SIGTERM); the watermark was kept"},
        footer = {"", "Documentation: docs/entra-runbook.md (operators), docs/host-integration.md (hosts)."})
public final class EntraSync implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int CONFIGURATION = 3;
    static final int AUTHENTICATION = 4;
    static final int WATERMARK = 5;
    static final int UNAVAILABLE = 6;
    static final int OUTPUT = 7;
    static final int TEST_FAILED = 8;
    static final int INPUT_FILE = 9;
    static final int DELETE_GUARD = 10;
    static final int LOCKED = 11;
    static final int CANCELLED = 130;

    private final PrintStream out;
    private final PrintStream err;
    private final Cancellation cancellation;
    private RunReport lastReport;

    @Spec
    private CommandSpec spec;

    EntraSync(PrintStream out, PrintStream err, Cancellation cancellation) {
        this.out = out;
        this.err = err;
        this.cancellation = cancellation;
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Cancellation cancellation = Cancellation.create();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            cancellation.cancel();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "entra-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = new EntraSync(System.out, System.err, cancellation).execute(args);
        System.out.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // a signal is stopping the JVM and the hook has cancelled the import, which has returned: end now, and
            // let the JVM exit with the signal's status (143 for SIGTERM, 130 for Ctrl+C). System.exit here would
            // block until the hook gave up waiting for this thread.
            return;
        }
        System.exit(code);
    }

    /** Without a command: the help, which lists the commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return OK;
    }

    int execute(String[] args) {
        CommandLine cli = new CommandLine(this)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setAbbreviatedOptionsAllowed(false)
                .registerConverter(Path.class, EntraSync::path)
                .registerConverter(Integer.class, EntraSync::wholeNumber)
                .registerConverter(int.class, EntraSync::wholeNumber)
                .setParameterExceptionHandler(this::usageError)
                .setExecutionExceptionHandler(this::failure);
        return cli.execute(args);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    /** Opens the connector the options name, from its configuration files. */
    Connector open(ConnectorOptions options) throws FileProblem {
        ConnectorProvider provider = options.provider.find(err);
        return provider.create(options.configuration());
    }

    /** Creates a connector from configuration files, finding its provider through ServiceLoader only. */
    Connector connector(Path configFile, Path authFile, Path secretsFile, Path connectorsDir, String name)
            throws FileProblem {
        ConnectorOptions options = new ConnectorOptions();
        options.config = configFile;
        options.auth = authFile;
        options.secrets = secretsFile;
        options.provider.folder = connectorsDir;
        options.provider.name = name;
        return open(options);
    }

    /**
     * One import as the demo runs it: from the stored watermark, writing every change to a new file before the new
     * watermark replaces the old one.
     */
    ImportResult importOnce(Connector connector, boolean full, WatermarkFile state, Path changesFile)
            throws FileProblem {
        RunReport report = new RunReport(err);
        ImportRequest request = (full ? ImportRequest.full() : ImportRequest.delta(state.read().orElse(null)))
                .withProgressListener(report).withCancellation(cancellation);
        ImportResult result;
        try (JsonlChangeWriter changes = new JsonlChangeWriter(changesFile)) {
            result = connector.importChanges(request, changes);
            changes.commit();
        }
        state.replace(result.watermark());
        lastReport = report;
        return result;
    }

    /** The report of the last {@link #importOnce}, for its summary with per-type times. */
    RunReport lastReport() {
        return lastReport;
    }

    /** The exit code of a failure. */
    int exitCode(Exception e) {
        if (e instanceof FileProblem file) {
            return file.exitCode();
        }
        if (e instanceof SinkFailedException && e.getCause() instanceof FileProblem file) {
            return file.exitCode();
        }
        if (e instanceof ConfigurationException) {
            return CONFIGURATION;
        } else if (e instanceof AuthenticationException || e instanceof PermissionException) {
            return AUTHENTICATION;
        } else if (e instanceof WatermarkRejectedException || e instanceof ResyncRequiredException) {
            return WATERMARK;
        } else if (e instanceof ThrottledException || e instanceof TransientConnectorException) {
            return UNAVAILABLE;
        } else if (e instanceof SinkFailedException) {
            return OUTPUT;
        } else if (e instanceof ImportCancelledException) {
            return CANCELLED;
        }
        return FAILED;
    }

    /** Prints one sentence for a failure: what happened and what to do. */
    int report(Exception e) {
        int code = exitCode(e);
        if (e instanceof FileProblem file) {
            err.println("entra-sync: " + file.getMessage() + ".");
            return code;
        }
        if (e instanceof SinkFailedException && e.getCause() instanceof FileProblem file) {
            err.println("entra-sync: " + file.getMessage() + ".");
            return code;
        }
        if (e instanceof UsageProblem) {
            err.println("entra-sync: " + e.getMessage() + ".");
            return USAGE;
        }
        if (!(e instanceof ConnectorException c)) {
            err.println("entra-sync: an unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : " (" + e.getMessage() + ")") + "; the watermark was kept. Please report it with the log.");
            return FAILED;
        }
        String advice = switch (code) {
            case CONFIGURATION -> "fix the configuration and run again (entra-sync validate checks it)";
            case AUTHENTICATION -> "fix the app registration or its secret; run test-connection to check";
            case WATERMARK -> "run again with --mode full";
            case UNAVAILABLE -> "the watermark was kept; run again later";
            case OUTPUT -> "the watermark was kept; check the --changes path and disk space";
            default -> "the watermark was kept";
        };
        err.println("entra-sync: " + c.getMessage() + (c.diagnosticId().isPresent() && !c.getMessage()
                .contains(c.diagnosticId().get()) ? " (request-id " + c.diagnosticId().get() + ")" : "") + " -> "
                + advice + ".");
        return code;
    }

    private int failure(Exception e, CommandLine command, ParseResult parseResult) {
        return report(e);
    }

    private int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter writer = command.getErr();
        writer.println("entra-sync: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, writer);
        writer.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        return USAGE;
    }

    /** Paths as given; one this system cannot name is a usage error that says why. */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            // on Linux with LANG unset, Java cannot name files whose names are not ASCII
            throw new CommandLine.TypeConversionException("\"" + value + "\" is not a path this system can use ("
                    + e.getReason() + "); check its characters, and on Linux run with a UTF-8 locale, for example "
                    + "LANG=C.UTF-8 (file names are read with " + System.getProperty("sun.jnu.encoding") + ")");
        }
    }

    /** Whole numbers, written with or without thousands separators: 1000000, 1_000_000, 1,000,000. */
    private static Integer wholeNumber(String value) {
        try {
            return Integer.valueOf(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("a whole number is expected, found \"" + value + "\"");
        }
    }

    /** The host's version and every connector it finds on its class path. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String own = EntraSync.class.getPackage().getImplementationVersion();
            List<String> lines = new ArrayList<>();
            lines.add("entra-sync " + (own == null ? "(development build)" : own) + ", connector SPI "
                    + ConnectorApi.VERSION + ", Java " + System.getProperty("java.version"));
            for (ConnectorProvider provider : ConnectorProviders.discover(EntraSync.class.getClassLoader())
                    .providers()) {
                lines.add("  connector " + provider.name() + " " + provider.version());
            }
            return lines.toArray(String[]::new);
        }
    }
}
