package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.identitymesh.connector.testkit.entra.EntraTenantProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code entra-sync bench-tenants}: what many tenants in one JVM cost. Starts the simulated tenant in a process of its
 * own, then a JVM with the given heap ({@link BenchTenantsRun}) that creates N connectors through one provider and runs
 * a full import and then a quiet delta for each, C at a time. Reports the heap each connector keeps after its import,
 * threads when idle and at the peak, connections the simulated tenant accepted, imports per second and token
 * requests. The last line is one JSON object.
 */
@Command(name = "bench-tenants", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Measures many connectors in one JVM against a simulated tenant: heap per connector, threads, "
                + "connections, imports per second, token requests. See docs/performance.md."})
final class BenchTenants implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private EntraSync host;

    @Spec
    private CommandSpec spec;

    @Option(names = "--tenants", defaultValue = "1000", description = "connectors, one per customer tenant (default: "
            + "${DEFAULT-VALUE})")
    private int tenants;

    @Option(names = "--concurrency", defaultValue = "32", description = "imports at a time (default: "
            + "${DEFAULT-VALUE})")
    private int concurrency;

    @Option(names = "--users", defaultValue = "20", description = "users in the simulated tenant (default: "
            + "${DEFAULT-VALUE})")
    private int users;

    @Option(names = "--groups", defaultValue = "5", description = "groups (default: ${DEFAULT-VALUE})")
    private int groups;

    @Option(names = "--memberships", defaultValue = "40", description = "membership edges (default: "
            + "${DEFAULT-VALUE})")
    private int memberships;

    @Option(names = "--simulated-tenants", defaultValue = "100", description = "distinct tenants the simulated "
            + "server hosts, each with its own id, secret and directory; connector i imports tenant i modulo this "
            + "(default: ${DEFAULT-VALUE})")
    private int simulatedTenants;

    @Option(names = "--heap", defaultValue = "1g", description = "the connectors' JVM -Xmx (default: "
            + "${DEFAULT-VALUE})")
    private String heap;

    @Option(names = "--idle-seconds", defaultValue = "65", description = "how long to wait after the last import "
            + "before counting idle threads; pooled threads end after 60 s without work (default: ${DEFAULT-VALUE})")
    private int idleSeconds;

    @Option(names = "--warmups", defaultValue = "1000", description = "full imports and quiet deltas of connectors "
            + "that are not counted, C at a time, before the measurement, so that its rates are those of compiled "
            + "code (default: ${DEFAULT-VALUE})")
    private int warmups;

    @Option(names = "--connector-classpath", paramLabel = "PATH", description = "runs the connectors from this class "
            + "path instead of this program's, for example an earlier build's entra-sync.jar, to compare builds "
            + "against the same simulated tenant")
    private String connectorClasspath;

    private PrintStream out;
    private PrintStream err;

    @Override
    public Integer call() throws IOException {
        out = host.out();
        err = host.err();
        if (tenants < 1 || concurrency < 1 || simulatedTenants < 1 || idleSeconds < 0 || warmups < 0) {
            throw new ParameterException(spec.commandLine(), "--tenants, --concurrency and --simulated-tenants take a "
                    + "number of at least 1, --idle-seconds and --warmups one of at least 0");
        }
        int served = Math.min(simulatedTenants, tenants);
        if (!heap.matches("\\d+[kmgKMG]?")) {
            throw new ParameterException(spec.commandLine(), "--heap takes a JVM size such as 1g, found \"" + heap
                    + "\"");
        }
        Path dir = Files.createTempDirectory("entra-bench-tenants");
        try (EntraTenantProcess tenant = EntraTenantProcess.start("1g", List.of("--users", "" + users, "--groups", "" + groups,
                "--memberships", "" + memberships, "--seed", "42", "--port", "0", "--tenants", "" + served,
                "--threads", "" + Math.max(8, concurrency), "--truststore", dir.resolve("trust.p12").toString(),
                "--password", "bench-trust"))) {
            if (!tenant.started()) {
                err.println("entra-sync: the simulated tenant did not start; see its output above.");
                return EntraSync.FAILED;
            }
            out.printf(Locale.ROOT, "%,d connectors, %d imports at a time, against %d simulated tenants of %,d users, "
                    + "%,d groups, %,d memberships in one server; -Xmx%s%n", tenants, concurrency, served, users, groups,
                    memberships, heap);

            List<String> command = new ArrayList<>(List.of(EntraTenantProcess.java(), "-Xmx" + heap, "-cp",
                    connectorClasspath != null ? connectorClasspath : EntraTenantProcess.classpath(),
                    "org.identitymesh.connector.samples.BenchTenantsRun", tenant.info("graphEndpoint"),
                    tenant.info("authorityHost"), tenant.info("trustStore"), "" + tenants, "" + concurrency,
                    "" + idleSeconds, "" + warmups));
            Map<String, String> secrets = new HashMap<>();
            for (int k = 0; k < served; k++) {
                String prefix = served == 1 ? "" : "tenant." + k + ".";
                command.add(tenant.info(prefix + "tenantId") + ":" + tenant.info(prefix + "clientId"));
                secrets.put("BENCH_SECRET_" + k, tenant.info(prefix + "clientSecret"));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(secrets);
            builder.environment().put("BENCH_TRUST_PW", tenant.info("trustStorePassword"));
            Process child = builder.start();
            BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            JsonNode result = null;
            Map<String, Long> serverCpu = new HashMap<>();
            long warmupConnections = 0;
            for (String line; (line = childOut.readLine()) != null; ) {
                if (line.startsWith("PHASE ")) {
                    Duration cpu = tenant.cpu();
                    serverCpu.put(line.substring("PHASE ".length()), cpu == null ? -1L : cpu.toNanos());
                } else if (line.equals("READY")) {
                    warmupConnections = tenant.journal().path("connectionsOpened").asLong();
                    tenant.reset();
                    childIn.write("GO\n");
                    childIn.flush();
                } else if (line.startsWith("RESULT ")) {
                    result = JSON.readTree(line.substring("RESULT ".length()));
                }
            }
            if (!EntraTenantProcess.waitFor(child, 120) || child.exitValue() != 0 || result == null) {
                err.println("entra-sync: the connectors' JVM failed (exit " + (child.isAlive() ? "none"
                        : "" + child.exitValue()) + "); see its output above.");
                return EntraSync.FAILED;
            }
            JsonNode journal = tenant.journal();
            ObjectNode line = JSON.createObjectNode();
            line.put("tenants", tenants);
            line.put("concurrency", concurrency);
            line.put("heapPerConnectorKiB", result.path("heapPerConnectorKiB").asDouble());
            line.put("threadsIdle", result.path("threadsIdle").asInt());
            line.put("threadsPeak", result.path("threadsPeak").asInt());
            line.put("connectionsOpened", journal.path("connectionsOpened").asLong());
            line.put("fullImportsPerSecond", result.path("fullImportsPerSecond").asDouble());
            line.put("quietDeltasPerSecond", result.path("quietDeltasPerSecond").asDouble());
            line.put("tokenRequests", journal.path("TOKEN").asLong());
            line.put("simulatedTenants", served);
            line.put("connectorCpuMsPerFullImport", result.path("connectorCpuMsPerFullImport").asDouble());
            line.put("serverCpuMsPerFullImport", perImport(serverCpu, "full", "quiet"));
            line.put("connectorCpuMsPerQuietDelta", result.path("connectorCpuMsPerQuietDelta").asDouble());
            line.put("serverCpuMsPerQuietDelta", perImport(serverCpu, "quiet", "end"));
            line.put("connectorJitMsFull", result.path("jitMsFull").asLong());
            line.put("connectorJitMsQuiet", result.path("jitMsQuiet").asLong());
            line.put("threadsBefore", result.path("threadsBefore").asInt());
            line.put("threadsAfterImports", result.path("threadsAfterImports").asInt());
            line.put("idleSeconds", idleSeconds);
            line.put("warmups", warmups);
            line.put("connectionsOpenedInWarmups", warmupConnections);
            line.put("heap", heap);
            line.put("heapBeforeMiB", result.path("heapBeforeMiB").asLong());
            line.put("heapAfterMiB", result.path("heapAfterMiB").asLong());
            line.put("fullRecords", result.path("fullRecords").asLong());
            line.put("quietRecords", result.path("quietRecords").asLong());
            line.put("quietRequests", result.path("quietRequests").asLong());
            print(line);
            out.println(line);
            return EntraSync.OK;
        }
    }

    /** The simulated server's CPU per import between two phases, or -1 when the platform does not tell. */
    private double perImport(Map<String, Long> cpu, String from, String to) {
        long start = cpu.getOrDefault(from, -1L);
        long end = cpu.getOrDefault(to, -1L);
        return start < 0 || end < 0 ? -1 : Math.round((end - start) / 1e4 / tenants) / 100.0;
    }

    private void print(ObjectNode r) {
        out.printf(Locale.ROOT, "  heap per connector after its import %.1f KiB (%d MiB before the connectors, %d MiB "
                + "after their imports)%n", r.path("heapPerConnectorKiB").asDouble(), r.path("heapBeforeMiB").asLong(),
                r.path("heapAfterMiB").asLong());
        out.printf(Locale.ROOT, "  threads: %d before, %d right after the full imports, %d at the peak, %d idle (%d s "
                + "after the last import)%n", r.path("threadsBefore").asInt(), r.path("threadsAfterImports").asInt(),
                r.path("threadsPeak").asInt(), r.path("threadsIdle").asInt(), r.path("idleSeconds").asInt());
        out.printf(Locale.ROOT, "  connections the server accepted %,d (during the %,d warm-up imports before: %,d); token "
                + "requests %,d%n", r.path("connectionsOpened").asLong(), r.path("warmups").asInt(),
                r.path("connectionsOpenedInWarmups").asLong(), r.path("tokenRequests").asLong());
        out.printf(Locale.ROOT, "  full imports %.1f/s (%,d records), quiet deltas %.1f/s (%,d requests, %,d records)%n",
                r.path("fullImportsPerSecond").asDouble(), r.path("fullRecords").asLong(),
                r.path("quietDeltasPerSecond").asDouble(), r.path("quietRequests").asLong(),
                r.path("quietRecords").asLong());
        out.printf(Locale.ROOT, "  CPU per full import: connectors %.2f ms, simulated server %.2f ms; per quiet delta: "
                + "connectors %.2f ms, simulated server %.2f ms%n", r.path("connectorCpuMsPerFullImport").asDouble(),
                r.path("serverCpuMsPerFullImport").asDouble(), r.path("connectorCpuMsPerQuietDelta").asDouble(),
                r.path("serverCpuMsPerQuietDelta").asDouble());
        out.printf(Locale.ROOT, "  the connectors' JIT compilers: %,d ms during the full imports, %,d ms during the quiet "
                + "deltas%n", r.path("connectorJitMsFull").asLong(), r.path("connectorJitMsQuiet").asLong());
    }
}
