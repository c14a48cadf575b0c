package org.identitymesh.connector.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
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
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.api.secret.SecretResolvers;

/**
 * {@code entra-sync}, the reference host: loads connectors through {@link java.util.ServiceLoader} only, runs one
 * import, writes its changes as JSON lines and keeps the watermark in a file, replacing it only after every change
 * was written.
 *
 * <pre>
 * entra-sync run --config CONFIG.json --auth AUTH.json --state WATERMARK_FILE [--mode full|delta]
 *                [--changes CHANGES.jsonl] [--secrets FILE] [--connectors DIR] [--connector NAME]
 * entra-sync test-connection --config CONFIG.json --auth AUTH.json [--secrets FILE] [--connectors DIR]
 * entra-sync demo            (also what runs with no arguments)
 * entra-sync bench [--users N --groups N --memberships N --latency-ms N --page-size N --heap SIZE
 *                   --strategy delta|per-group|batch[,...] --warmups N]
 * </pre>
 *
 * <p>Exit codes: 0 success; 2 usage; 3 configuration; 4 sign-in or permission; 5 watermark refused or resync
 * required; 6 Graph kept failing or throttling; 7 writing the changes or the watermark failed; 8 connection test
 * failed; 9 an input file (configuration, authentication, secrets, watermark) cannot be used; 130 cancelled;
 * 1 anything else.
 */
public final class EntraSync {

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
    static final int CANCELLED = 130;

    private static final Map<String, Set<String>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("run", Set.of("config", "auth", "state", "mode", "changes", "secrets", "connectors", "connector"));
        COMMANDS.put("test-connection", Set.of("config", "auth", "secrets", "connectors", "connector"));
        COMMANDS.put("demo", Set.of("users", "groups"));
        COMMANDS.put("bench", Set.of("users", "groups", "memberships", "large-group-size", "latency-ms", "page-size",
                "heap", "tenant-heap", "strategy", "warmups"));
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Cancellation cancellation;
    private RunReport lastReport;

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
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // a signal is stopping the JVM: the hook has cancelled the import, which returned its exit code
        }
        System.out.flush();
        System.exit(code);
    }

    int execute(String[] args) {
        try {
            Options options = Options.parse(args, COMMANDS);
            return switch (options.command()) {
                case "run" -> run(options);
                case "test-connection" -> testConnection(options);
                case "bench" -> new Bench(out, err).run(options);
                default -> new Demo(this, out).run(options);
            };
        } catch (Options.UsageException e) {
            err.println("entra-sync: " + e.getMessage() + ". Usage: entra-sync run --config CONFIG.json --auth "
                    + "AUTH.json --state WATERMARK_FILE [--mode full|delta] [--changes CHANGES.jsonl] [--secrets FILE] "
                    + "[--connectors DIR] [--connector NAME]; entra-sync test-connection --config CONFIG.json --auth "
                    + "AUTH.json [--secrets FILE] [--connectors DIR] [--connector NAME]; entra-sync demo; "
                    + "entra-sync bench [--users N ...]");
            return USAGE;
        } catch (ConnectorException e) {
            return fail(e);
        } catch (FileProblem e) {
            err.println("entra-sync: " + e.getMessage() + ".");
            return e.exitCode();
        } catch (IOException e) {
            // the demo's and the bench's own temporary files and processes; run's and test-connection's files are
            // FileProblems
            err.println("entra-sync: " + (e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    ? "could not use " + f.getFile() + (f.getReason() == null ? "" : " (" + f.getReason() + ")")
                    : "a file or process failed" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"))
                    + "; check that the temporary folder " + System.getProperty("java.io.tmpdir")
                    + " can be written and the disk has space.");
            return OUTPUT;
        }
    }

    private int run(Options options) throws Options.UsageException, FileProblem {
        String mode = options.get("mode") == null ? "delta" : options.get("mode");
        if (!mode.equals("full") && !mode.equals("delta")) {
            throw new Options.UsageException("--mode takes full or delta, found \"" + mode + "\"");
        }
        WatermarkFile state = new WatermarkFile(options.requirePath("state"));
        try (Connector connector = connector(options)) {
            ImportResult result = importOnce(connector, mode.equals("full"), state, options.path("changes"));
            lastReport.printSummary("Import (" + mode + ") of " + options.get("config"), result, out);
            return OK;
        }
    }

    /**
     * One import as a host runs it: from the stored watermark, writing every change before the new watermark
     * replaces the old one.
     */
    ImportResult importOnce(Connector connector, boolean full, WatermarkFile state, Path changesFile)
            throws FileProblem {
        RunReport report = new RunReport(err);
        ImportRequest request = (full ? ImportRequest.full() : ImportRequest.delta(state.read().orElse(null)))
                .withProgressListener(report).withCancellation(cancellation);
        Path changesPath = changesFile != null ? changesFile : temporaryChangesFile();
        ImportResult result;
        try (JsonlChangeWriter changes = new JsonlChangeWriter(changesPath)) {
            result = connector.importChanges(request, changes);
            changes.commit();
        } finally {
            if (changesFile == null) {
                try {
                    Files.deleteIfExists(changesPath);
                } catch (IOException e) {
                    err.println("entra-sync: could not delete the temporary file " + changesPath);
                }
            }
        }
        state.replace(result.watermark());
        lastReport = report;
        return result;
    }

    /** The report of the last {@link #importOnce}, for its summary with per-type times. */
    RunReport lastReport() {
        return lastReport;
    }

    private Path temporaryChangesFile() throws FileProblem {
        try {
            return Files.createTempFile("entra-sync-changes", ".jsonl");
        } catch (IOException e) {
            throw FileProblem.cannotWrite("a temporary changes file in", Path.of(System.getProperty("java.io.tmpdir")),
                    e, "nothing was imported and the watermark was kept");
        }
    }

    private int testConnection(Options options) throws Options.UsageException, FileProblem {
        try (Connector connector = connector(options)) {
            ConnectionTestResult result = connector.testConnection();
            for (ConnectionTestResult.Step step : result.steps()) {
                out.printf("  %-7s %s: %s%s%n", step.status(), step.name(), step.message(),
                        step.diagnosticId() == null ? "" : " (request-id " + step.diagnosticId() + ")");
            }
            if (!result.successful()) {
                err.println("entra-sync: the connection test failed at \"" + result.firstFailure().map(
                        ConnectionTestResult.Step::name).orElse("?") + "\"; fix what its line says and run it again.");
                return TEST_FAILED;
            }
            out.println("Connection test passed.");
            return OK;
        }
    }

    private Connector connector(Options options) throws Options.UsageException, FileProblem {
        return connector(options.requirePath("config"), options.requirePath("auth"),
                options.path("secrets"), options.path("connectors"),
                options.get("connector") == null ? "EntraId" : options.get("connector"));
    }

    /** Creates a connector from configuration files, finding its provider through ServiceLoader only. */
    Connector connector(Path configFile, Path authFile, Path secretsFile, Path connectorsDir, String name)
            throws FileProblem {
        String config = InputFiles.json("the configuration file", configFile, "--config");
        String auth = InputFiles.json("the authentication file", authFile, "--auth");
        SecretResolver resolver = SecretResolvers.builtIn();
        if (secretsFile != null) {
            resolver = SecretResolvers.chain(SecretsFile.read(secretsFile), resolver);
        }
        ConnectorProviders.Discovery discovery = ConnectorLoader.discover(connectorsDir);
        discovery.failures().forEach(f -> err.println("entra-sync: ignored a broken connector: " + f));
        ConnectorProvider provider = discovery.require(name);
        return provider.create(ConnectorConfiguration.of(config, auth, resolver));
    }

    private int fail(ConnectorException e) {
        String advice;
        int code;
        if (e instanceof ConfigurationException) {
            advice = "fix the configuration and run again";
            code = CONFIGURATION;
        } else if (e instanceof AuthenticationException || e instanceof PermissionException) {
            advice = "fix the app registration or its secret; run test-connection to check";
            code = AUTHENTICATION;
        } else if (e instanceof WatermarkRejectedException || e instanceof ResyncRequiredException) {
            advice = "run again with --mode full";
            code = WATERMARK;
        } else if (e instanceof ThrottledException || e instanceof TransientConnectorException) {
            advice = "the watermark was kept; run again later";
            code = UNAVAILABLE;
        } else if (e instanceof SinkFailedException && e.getCause() instanceof FileProblem file) {
            err.println("entra-sync: " + file.getMessage() + ".");
            return file.exitCode();
        } else if (e instanceof SinkFailedException) {
            advice = "the watermark was kept; check the --changes path and disk space";
            code = OUTPUT;
        } else if (e instanceof ImportCancelledException) {
            advice = "the watermark was kept";
            code = CANCELLED;
        } else {
            advice = "the watermark was kept";
            code = FAILED;
        }
        err.println("entra-sync: " + e.getMessage() + (e.diagnosticId().isPresent() && !e.getMessage()
                .contains(e.diagnosticId().get()) ? " (request-id " + e.diagnosticId().get() + ")" : "") + " -> "
                + advice + ".");
        return code;
    }
}
