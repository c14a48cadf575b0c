package org.identitymesh.connector.testkit.entra;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a simulated tenant in its own process, for benchmarks and manual runs. Prints {@code key=value} lines
 * (base URL, tenant and client ids, secret, trust store) and {@code READY}, then serves until killed, or until
 * standard input closes with {@code --stdin}. With {@code --stdin}, the line {@code journal} prints
 * {@code journal={"TOKEN":n,...,"total":n,"connectionsOpened":n}} and {@code reset} clears the counts.
 *
 * <p>{@code --tenants N} serves N tenants behind one server (a {@link SimulatedEntraCloud}), generated with the seeds
 * {@code seed}, {@code seed + 1}, ...: the lines {@code tenantId}, {@code clientId} and {@code clientSecret} name the
 * first, {@code tenant.<i>.tenantId}, {@code tenant.<i>.clientId} and {@code tenant.<i>.clientSecret} each of them
 * ({@code --client-id} and {@code --client-secret} then register one application in every tenant, as a multi-tenant
 * app is; {@code --tenant-id} needs a single tenant), the sizes are the first tenant's, and the journal is the
 * server's, over all tenants. {@code --keep-alive N} makes the start fail if the JVM cannot keep N idle keep-alive
 * connections (see {@link SimulatedEntraCloud}) and prints {@code keepAliveLimit}.
 *
 * <pre>
 * java -cp ... org.identitymesh.connector.testkit.entra.EntraTenantMain --users 20000 --groups 2000 \
 *     --memberships 100000 --large-groups 1 --large-group-size 5000 --seed 42 --port 0 \
 *     --truststore target/entra-trust.p12 --password changeit --latency-ms 0
 * </pre>
 */
public final class EntraTenantMain {

    private EntraTenantMain() {
    }

    /**
     * Runs the tenant.
     *
     * @param args options as described in the class documentation; unknown options fail
     * @throws Exception if the tenant cannot start
     */
    public static void main(String[] args) throws Exception {
        run(args, new PrintStream(System.out, true, StandardCharsets.UTF_8), System.in);
    }

    private static String journalJson(RequestJournal journal) {
        StringBuilder json = new StringBuilder("{");
        for (RequestKind kind : RequestKind.values()) {
            if (kind != RequestKind.ANY) {
                json.append('"').append(kind).append("\":").append(journal.count(kind)).append(',');
            }
        }
        return json.append("\"total\":").append(journal.total()).append(",\"connectionsOpened\":")
                .append(journal.connectionsOpened()).append('}').toString();
    }

    /** Runs with the given streams; returns when {@code in} ends (with {@code --stdin}) or the thread is interrupted. */
    static void run(String[] args, PrintStream out, InputStream in) throws Exception {
        TenantSpec.Builder spec = TenantSpec.builder();
        SimulatedEntraTenant.Builder tenant = SimulatedEntraTenant.builder();
        SimulatedEntraCloud.Builder server = SimulatedEntraCloud.builder();
        Path trustStore = null;
        String password = "changeit";
        boolean untilStdinCloses = false;
        long latencyMs = 0;
        long seed = 42;
        int tenantCount = 1;
        int port = 0;
        int threads = SimulatedEntraCloud.Builder.DEFAULT_THREADS;
        int keepAlive = 0;
        boolean tenantIdGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--stdin")) {
                untilStdinCloses = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--users" -> spec.users(Integer.parseInt(v));
                case "--groups" -> spec.groups(Integer.parseInt(v));
                case "--memberships" -> spec.memberships(Integer.parseInt(v));
                case "--large-groups" -> spec.largeGroups(Integer.parseInt(v));
                case "--large-group-size" -> spec.largeGroupSize(Integer.parseInt(v));
                case "--seed" -> seed = Long.parseLong(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--keep-alive" -> keepAlive = Integer.parseInt(v);
                case "--tenants" -> tenantCount = Integer.parseInt(v);
                case "--tenant-id" -> {
                    tenant.tenantId(v);
                    tenantIdGiven = true;
                }
                case "--client-id" -> tenant.clientId(v);
                case "--client-secret" -> tenant.clientSecret(v);
                case "--truststore" -> trustStore = Path.of(v);
                case "--password" -> password = v;
                case "--latency-ms" -> latencyMs = Long.parseLong(v);
                case "--token-lifetime-s" -> {
                    long s = Long.parseLong(v);
                    tenant.settings(x -> x.tokenLifetime(Duration.ofSeconds(s)));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (tenantCount < 1) {
            throw new IllegalArgumentException("--tenants must be at least 1: " + tenantCount);
        }
        if (tenantCount > 1 && tenantIdGiven) {
            throw new IllegalArgumentException("--tenant-id names a single tenant: leave it out with --tenants "
                    + tenantCount + " (the ids are derived from the seeds)");
        }
        List<SimulatedEntraTenant> tenants = new ArrayList<>();
        AutoCloseable served;
        RequestJournal journal;
        if (tenantCount == 1) {
            SimulatedEntraTenant t = tenant.spec(spec.seed(seed).build()).port(port).threads(threads)
                    .keepAliveConnections(keepAlive).start();
            tenants.add(t);
            served = t;
            journal = t.journal();
            t.faults().latency(Duration.ofMillis(latencyMs));
        } else {
            SimulatedEntraCloud cloud = server.port(port).threads(threads).keepAliveConnections(keepAlive).start();
            served = cloud;
            journal = cloud.journal();
            try {
                for (int i = 0; i < tenantCount; i++) {
                    tenants.add(cloud.addTenant(tenant.spec(spec.seed(seed + i).build())));
                }
            } catch (RuntimeException | Error e) {
                cloud.close();
                throw e;
            }
            cloud.faults().latency(Duration.ofMillis(latencyMs));
        }
        long generationMillis = tenants.stream().mapToLong(x -> x.generationTime().toMillis()).sum();
        SimulatedEntraTenant t = tenants.get(0);
        Thread hook = new Thread(() -> close(served), "simulated-entra-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (trustStore == null) {
                trustStore = Files.createTempFile("simulated-entra-", ".p12");
                trustStore.toFile().deleteOnExit();
            }
            t.writeTrustStore(trustStore, password.toCharArray());
            Runtime rt = Runtime.getRuntime();
            System.gc();
            out.println("baseUrl=" + t.baseUrl());
            out.println("graphEndpoint=" + t.graphEndpoint());
            out.println("authorityHost=" + t.authorityHost());
            out.println("tokenEndpoint=" + t.tokenEndpoint());
            out.println("scope=" + t.graphScope());
            out.println("tenantId=" + t.tenantId());
            out.println("clientId=" + t.clientId());
            out.println("clientSecret=" + t.clientSecret());
            out.println("trustStore=" + trustStore.toAbsolutePath());
            out.println("trustStorePassword=" + password);
            out.println("trustStoreType=PKCS12");
            out.println("users=" + t.directory().userCount());
            out.println("groups=" + t.directory().groupCount());
            out.println("memberships=" + t.directory().membershipCount());
            out.println("tenants=" + tenants.size());
            if (tenants.size() > 1) {
                for (int i = 0; i < tenants.size(); i++) {
                    SimulatedEntraTenant each = tenants.get(i);
                    out.println("tenant." + i + ".tenantId=" + each.tenantId());
                    out.println("tenant." + i + ".clientId=" + each.clientId());
                    out.println("tenant." + i + ".clientSecret=" + each.clientSecret());
                }
            }
            if (keepAlive > 0) {
                out.println("keepAliveLimit=" + HttpServerLimits.keepAliveLimit());
            }
            out.println("generationMillis=" + generationMillis);
            out.println("heapUsedMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
            out.println("READY");
            out.flush();
            if (untilStdinCloses) {
                // serve until the parent closes our standard input; "journal" prints the request counts as one
                // JSON line, "reset" clears them
                BufferedReader commands = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = commands.readLine()) != null; ) {
                    switch (line.strip()) {
                        case "journal" -> out.println("journal=" + journalJson(journal));
                        case "reset" -> {
                            journal.reset();
                            out.println("reset");
                        }
                        default -> out.println("unknown command: " + line.strip());
                    }
                    out.flush();
                }
            } else {
                new CountDownLatch(1).await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(served);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook closes the tenant anyway
            }
        }
    }

    private static void close(AutoCloseable served) {
        try {
            served.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the simulated tenant", e);
        }
    }
}
