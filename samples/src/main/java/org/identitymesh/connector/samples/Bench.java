package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.identitymesh.connector.testkit.entra.EntraTenantProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
/**
 * {@code entra-sync bench}: starts the simulated tenant in a process of its own, then, for each strategy, runs the
 * connector in a JVM of its own with the given heap ({@link BenchRun}) and reports what the import cost: records,
 * requests against the lower bound, token requests, wall time against the longest chain's latency, connector CPU
 * against a bare Jackson parse of the same bytes (with the JIT compiler's share named, since it is a one-time cost
 * of a fresh JVM), and peak heap. The last line is one JSON object.

 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Measures an import against a simulated tenant in a process of its own: requests against the "
                + "lower bound, wall time, CPU against a bare JSON parse, and peak heap. See docs/performance.md."})
final class Bench implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private EntraSync host;

    @Spec
    private CommandSpec spec;

    @Option(names = "--users", defaultValue = "20000", description = "users in the tenant (default: ${DEFAULT-VALUE})")
    private int users;

    @Option(names = "--groups", defaultValue = "2000", description = "groups (default: ${DEFAULT-VALUE})")
    private int groups;

    @Option(names = "--memberships", defaultValue = "100000",
            description = "membership edges (default: ${DEFAULT-VALUE})")
    private int memberships;

    @Option(names = "--large-group-size", description = "members of the largest group (default: a twentieth of "
            + "the memberships, from 10 to 5,000)")
    private Integer largeGroupSize;

    @Option(names = "--latency-ms", defaultValue = "0", description = "added to every Graph answer (default: 0)")
    private int latency;

    @Option(names = "--page-size", defaultValue = "999", description = "PageSize (default: ${DEFAULT-VALUE})")
    private int pageSize;

    @Option(names = "--heap", defaultValue = "256m", description = "the connector JVM's -Xmx (default: "
            + "${DEFAULT-VALUE})")
    private String heap;

    @Option(names = "--tenant-heap", defaultValue = "3g", description = "the tenant JVM's -Xmx (default: "
            + "${DEFAULT-VALUE})")
    private String tenantHeap;

    @Option(names = "--strategy", defaultValue = "delta", split = ",", paramLabel = "delta|per-group|batch",
            description = "membership strategies to measure, comma-separated (default: ${DEFAULT-VALUE})")
    private List<String> strategies;

    @Option(names = "--warmups", defaultValue = "1", description = "warm-up imports before the measured one "
            + "(default: ${DEFAULT-VALUE})")
    private int warmups;

    private PrintStream out;
    private PrintStream err;

    @Override
    public Integer call() throws IOException {
        out = host.out();
        err = host.err();
        int largeGroupSize = this.largeGroupSize != null ? this.largeGroupSize
                : Math.min(5_000, Math.max(10, memberships / 20));
        for (String s : strategies) {
            if (!List.of("delta", "per-group", "batch").contains(s)) {
                throw new ParameterException(spec.commandLine(), "--strategy takes delta, per-group or batch, found \""
                        + s + "\"");
            }
        }
        if (!heap.matches("\\d+[kmgKMG]?") || !tenantHeap.matches("\\d+[kmgKMG]?")) {
            throw new ParameterException(spec.commandLine(), "--heap and --tenant-heap take a JVM size such as 256m");
        }

        Path dir = Files.createTempDirectory("entra-bench");
        out.printf(Locale.ROOT, "Tenant: %,d users, %,d groups, %,d memberships (largest group %,d), latency %d ms%n",
                users, groups, memberships, largeGroupSize, latency);
        try (EntraTenantProcess tenant = EntraTenantProcess.start(tenantHeap, List.of("--users", "" + users, "--groups",
                "" + groups, "--memberships", "" + memberships, "--large-groups", "1", "--large-group-size",
                "" + largeGroupSize, "--seed", "42", "--port", "0", "--latency-ms", "" + latency, "--truststore",
                dir.resolve("trust.p12").toString(), "--password", "bench-trust"))) {
            if (!tenant.started()) {
                err.println("entra-sync: the simulated tenant did not start; see its output above.");
                return EntraSync.FAILED;
            }
            out.printf(Locale.ROOT, "  generated in %s ms; tenant process heap after generation %s MiB%n",
                    tenant.info("generationMillis"), tenant.info("heapUsedMiB"));

            ArrayNode runs = JSON.createArrayNode();
            for (String strategy : strategies) {
                ObjectNode run = runOne(tenant, strategy);
                if (run == null) {
                    return EntraSync.FAILED;
                }
                runs.add(run);
                print(run);
            }
            out.println(runs.size() == 1 ? runs.get(0).toString()
                    : JSON.createObjectNode().set("runs", runs).toString());
            return EntraSync.OK;
        }
    }

    private ObjectNode runOne(EntraTenantProcess tenant, String strategy) throws IOException {
        String configStrategy = switch (strategy) {
            case "per-group" -> "PerGroup";
            case "batch" -> "Batch";
            default -> "Delta";
        };
        ProcessBuilder builder = new ProcessBuilder(EntraTenantProcess.java(), "-Xmx" + heap, "-cp", EntraTenantProcess.classpath(),
                "org.identitymesh.connector.samples.BenchRun", tenant.info("graphEndpoint"), tenant.info("authorityHost"),
                tenant.info("tenantId"), tenant.info("clientId"), tenant.info("trustStore"), configStrategy, "" + pageSize,
                "" + warmups)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("BENCH_SECRET", tenant.info("clientSecret"));
        builder.environment().put("BENCH_TRUST_PW", tenant.info("trustStorePassword"));
        Process child = builder.start();
        BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
        Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        JsonNode result = null;
        for (String line; (line = childOut.readLine()) != null; ) {
            if (line.equals("WARM")) {
                tenant.reset();
                childIn.write("GO\n");
                childIn.flush();
            } else if (line.startsWith("RESULT ")) {
                result = JSON.readTree(line.substring("RESULT ".length()));
            }
        }
        if (!EntraTenantProcess.waitFor(child, 60) || child.exitValue() != 0 || result == null) {
            err.println("entra-sync: the " + strategy + " run failed (exit " + (child.isAlive() ? "none" : "" + child
                    .exitValue()) + "); see its output above.");
            return null;
        }
        JsonNode journal = tenant.journal();

        double wall = result.path("wallNanos").asLong() / 1e9;
        long requests = result.path("requests").asLong();
        long groupSide = requests - result.path("userPages").asLong();
        double chain = Math.max(result.path("userPages").asLong(), groupSide) * latency / 1000.0;
        double cpu = result.path("cpuNanos").asLong() / 1e9;
        double bare = result.path("bareParseCpuNanos").asLong() / 1e9;
        double bareFetch = result.path("bareFetchAndParseCpuNanos").asLong() / 1e9;
        double bareFetchJit = Math.max(0, result.path("bareFetchAndParseJitNanos").asLong()) / 1e9;
        long jitNanos = result.path("jitNanos").asLong(-1);
        double jit = Math.max(0, jitNanos) / 1e9;
        ObjectNode run = JSON.createObjectNode();
        run.put("strategy", strategy);
        run.put("latencyMs", latency);
        run.put("heap", heap);
        // the tenant's own counts: a large group's slices repeat the group, so UPSERTs of Group can exceed them
        run.put("users", Long.parseLong(tenant.info("users")));
        run.put("groups", Long.parseLong(tenant.info("groups")));
        run.put("memberships", Long.parseLong(tenant.info("memberships")));
        run.put("membershipsDelivered", result.path("memberships").asLong());
        run.put("records", result.path("records").asLong());
        run.put("requests", requests);
        run.put("requestLowerBound", result.path("requestLowerBound").asLong());
        run.put("tokenRequests", journal.path("TOKEN").asLong());
        run.set("requestsByKind", journal);
        run.put("retries", result.path("retries").asLong());
        run.put("wallSeconds", round(wall));
        run.put("chainSeconds", round(chain));
        run.put("cpuSeconds", round(cpu));
        run.put("bareParseCpuSeconds", round(bare));
        run.put("cpuRatioToBareParse", bare > 0 ? round(cpu / bare) : 0);
        run.put("bareFetchAndParseCpuSeconds", round(bareFetch));
        run.put("cpuRatioToBareFetchAndParse", bareFetch > 0 ? round(cpu / bareFetch) : 0);
        if (jitNanos >= 0) {
            run.put("bareFetchAndParseJitSeconds", round(bareFetchJit));
            run.put("cpuRatioToBareFetchAndParseWithoutJit", bareFetch - bareFetchJit > 0
                    ? round((cpu - jit) / (bareFetch - bareFetchJit)) : 0);
        }
        run.put("warmups", warmups);
        if (jitNanos >= 0) { // measured on Linux only
            run.put("jitSeconds", round(jit));
            run.put("cpuRatioToBareParseWithoutJit", bare > 0 ? round((cpu - jit) / bare) : 0);
        }
        run.put("peakHeapMiB", round(result.path("peakHeapBytes").asLong() / (1024.0 * 1024.0)));
        run.put("quietDeltaRequests", result.path("quietRequests").asLong());
        return run;
    }

    private void print(ObjectNode r) {
        out.printf(Locale.ROOT, "%n%s: %,d users, %,d groups, %,d memberships%n", r.path("strategy").asText(),
                r.path("users").asLong(), r.path("groups").asLong(), r.path("memberships").asLong());
        out.printf(Locale.ROOT, "  requests %,d (lower bound %,d, x%.2f), token requests %d, retries %d%n",
                r.path("requests").asLong(), r.path("requestLowerBound").asLong(),
                r.path("requests").asDouble() / Math.max(1, r.path("requestLowerBound").asLong()),
                r.path("tokenRequests").asLong(), r.path("retries").asLong());
        out.printf(Locale.ROOT, "  wall %.2f s, longest chain's latency %.2f s%s%n", r.path("wallSeconds").asDouble(),
                r.path("chainSeconds").asDouble(), r.path("chainSeconds").asDouble() > 0
                        ? String.format(Locale.ROOT, " (wall x%.2f)", r.path("wallSeconds").asDouble()
                                / r.path("chainSeconds").asDouble()) : "");
        if (r.has("jitSeconds")) {
            out.printf(Locale.ROOT, "  connector CPU %.2f s, of which the JIT compiler %.2f s after %d warm-up import(s); "
                    + "bare Jackson parse of the same bytes %.2f s (x%.2f; x%.2f without the JIT)%n",
                    r.path("cpuSeconds").asDouble(), r.path("jitSeconds").asDouble(), r.path("warmups").asInt(),
                    r.path("bareParseCpuSeconds").asDouble(), r.path("cpuRatioToBareParse").asDouble(),
                    r.path("cpuRatioToBareParseWithoutJit").asDouble());
        } else {
            out.printf(Locale.ROOT, "  connector CPU %.2f s, bare Jackson parse of the same bytes %.2f s (x%.2f)%n",
                    r.path("cpuSeconds").asDouble(), r.path("bareParseCpuSeconds").asDouble(),
                    r.path("cpuRatioToBareParse").asDouble());
        }
        out.printf(Locale.ROOT, "  bare fetch and parse of the same pages with OkHttp and Jackson (process CPU): "
                + "%.2f s%s (connector x%.2f%s)%n", r.path("bareFetchAndParseCpuSeconds").asDouble(),
                r.has("bareFetchAndParseJitSeconds") ? String.format(Locale.ROOT, ", of which the JIT compiler %.2f s",
                        r.path("bareFetchAndParseJitSeconds").asDouble()) : "",
                r.path("cpuRatioToBareFetchAndParse").asDouble(), r.has("cpuRatioToBareFetchAndParseWithoutJit")
                        ? String.format(Locale.ROOT, "; x%.2f without the JIT on both sides",
                                r.path("cpuRatioToBareFetchAndParseWithoutJit").asDouble()) : "");
        out.printf(Locale.ROOT, "  peak heap %.1f MiB (-Xmx%s); a delta with no change: %d requests%n",
                r.path("peakHeapMiB").asDouble(), r.path("heap").asText(), r.path("quietDeltaRequests").asLong());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
