package org.identitymesh.connector.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.secret.SecretResolvers;

/**
 * The connector side of {@code entra-sync bench}, in a JVM of its own so that its heap and CPU are the connector's:
 * two bare passes over the same pages with OkHttp and Jackson (the second gives the CPU yardsticks,
 * parse alone and fetch with parse, and the page count at the tenant's cap), warm-up imports, then, after the
 * orchestrator's {@code GO}, the measured full import and a delta import with no changes.
 * Prints one JSON line.
 */
final class BenchRun {

    private static final JsonFactory JSON = new JsonFactory();

    private BenchRun() {
    }

    /**
     * Runs one measured import.
     *
     * @param args {@code graphEndpoint authorityHost tenantId clientId trustStore strategy pageSize [warmups]}; the
     *             client secret and trust store password come from {@code BENCH_SECRET} and {@code BENCH_TRUST_PW}
     * @throws Exception when anything fails: the orchestrator reports it
     */
    public static void main(String[] args) throws Exception {
        String graph = args[0];
        String authority = args[1];
        String tenant = args[2];
        String client = args[3];
        String trustStore = args[4];
        String strategy = args[5];
        int pageSize = Integer.parseInt(args[6]);
        int warmups = args.length > 7 ? Integer.parseInt(args[7]) : 1;

        barePass(graph, authority, tenant, client, trustStore); // warms up OkHttp, TLS and Jackson
        BarePass bare = barePass(graph, authority, tenant, client, trustStore);

        String config = "{\"TenantId\":\"" + tenant + "\",\"Cloud\":\"Custom\",\"GraphEndpoint\":\"" + graph
                + "\",\"AuthorityHost\":\"" + authority + "\",\"TrustStorePath\":" + new ObjectMapper()
                .writeValueAsString(trustStore) + ",\"TrustStorePassword\":\"env:BENCH_TRUST_PW\",\"PageSize\":"
                + pageSize + ",\"MembershipStrategy\":\"" + strategy + "\"}";
        String auth = "{\"ClientId\":\"" + client + "\",\"ClientSecret\":\"env:BENCH_SECRET\"}";
        AtomicLong records = new AtomicLong();
        ChangeSink counting = r -> records.incrementAndGet();
        try (Connector connector = ConnectorProviders.discover().require("EntraId")
                .create(ConnectorConfiguration.of(config, auth, SecretResolvers.environment()))) {
            for (int i = 0; i < warmups; i++) {
                connector.importChanges(ImportRequest.full(), counting);
            }
            System.out.println("WARM");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("the orchestrator did not say GO");
            }

            System.gc();
            records.set(0);
            HeapSampler heap = new HeapSampler();
            heap.start();
            long jitBefore = jitCpuNanos();
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            ImportResult full = connector.importChanges(ImportRequest.full(), counting);
            long wallNanos = System.nanoTime() - started;
            long cpuNanos = processCpuNanos() - cpuBefore;
            long jitNanos = jitBefore < 0 ? -1 : jitCpuNanos() - jitBefore;
            heap.finish();
            ImportResult quiet = connector.importChanges(ImportRequest.delta(full.watermark()), counting);

            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("users", full.type("User").map(t -> t.upserted()).orElse(0L));
            out.put("groups", full.type("Group").map(t -> t.upserted()).orElse(0L));
            out.put("memberships", full.type("GroupMember").map(t -> t.upserted()).orElse(0L));
            out.put("records", records.get() - quiet.types().values().stream()
                    .mapToLong(t -> t.upserted() + t.deleted()).sum());
            out.put("requests", full.types().values().stream().mapToLong(t -> t.requests()).sum());
            out.put("userPages", full.type("User").map(t -> t.pages()).orElse(0L));
            out.put("groupPages", full.type("Group").map(t -> t.pages()).orElse(0L));
            out.put("retries", full.types().values().stream().mapToLong(t -> t.retries()).sum());
            out.put("requestLowerBound", bare.pages);
            out.put("wallNanos", wallNanos);
            out.put("cpuNanos", cpuNanos);
            out.put("jitNanos", jitNanos);
            out.put("bareParseCpuNanos", bare.parseCpuNanos);
            out.put("bareFetchAndParseCpuNanos", bare.fetchAndParseNanos);
            out.put("bareFetchAndParseJitNanos", bare.jitNanos);
            out.put("bareBytes", bare.bytes);
            out.put("peakHeapBytes", heap.peak());
            out.put("quietRequests", quiet.types().values().stream().mapToLong(t -> t.requests()).sum());
            System.out.println("RESULT " + out);
        }
    }

    /**
     * CPU time of the JVM's JIT compiler threads so far, from {@code /proc/self/task} (Linux; -1 elsewhere). They run
     * beside the import's threads on the same cores and compile request-level code (URI parsing, HTTP headers) that
     * runs once per page, which reaches the compile thresholds only after some thousand pages: a one-time cost of a
     * fresh JVM rather than a cost per object. (The JVM's own compilation-time figure counts elapsed time, which on a
     * busy machine includes waiting for a core, so it is not used.)
     */
    private static long jitCpuNanos() {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) all::iterator) {
                try {
                    String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
                    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                        continue;
                    }
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    // fields after the command, which is in parentheses and may hold spaces: state is field 3,
                    // utime field 14 and stime field 15
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Samples the used heap every few milliseconds and keeps the largest value. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private long peak;

        HeapSampler() {
            super("bench-heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }

        long peak() {
            return peak;
        }
    }

    /**
     * @param pages              pages read
     * @param parseCpuNanos      thread CPU of the Jackson parse alone
     * @param fetchAndParseNanos process CPU of the whole pass: TLS, HTTP, parse and garbage collection with the
     *                           connector's HTTP client, but nothing built from the tokens
     * @param jitNanos           CPU of the JIT compiler threads during the pass, or -1 when not known
     * @param bytes              response bytes
     */
    private record BarePass(long pages, long parseCpuNanos, long fetchAndParseNanos, long jitNanos, long bytes) {
    }

    /**
     * Reads the full users and groups rounds at the tenant's page cap with OkHttp, the HTTP client under the Graph SDK,
     * one page in memory at a time on this thread, and times Jackson's streaming parse of each page's bytes alone
     * (thread CPU time) and the whole pass (process CPU time).
     */
    private static BarePass barePass(String graph, String authority, String tenant, String client, String trustStore)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(trustStore))) {
            trust.load(in, System.getenv("BENCH_TRUST_PW").toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(30)).build();
        okhttp3.OkHttpClient pagesClient = new okhttp3.OkHttpClient.Builder()
                .sslSocketFactory(ssl.getSocketFactory(), (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0])
                .readTimeout(Duration.ofSeconds(60)).build();

        String form = "client_id=" + client + "&client_secret=" + URLEncoder.encode(System.getenv("BENCH_SECRET"),
                StandardCharsets.UTF_8) + "&grant_type=client_credentials&scope="
                + URLEncoder.encode(graph + "/.default", StandardCharsets.UTF_8);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(authority + "/" + tenant
                + "/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String bearer = new ObjectMapper().readTree(token.body()).path("access_token").asText();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long jitBefore = jitCpuNanos();
        long processBefore = processCpuNanos();
        long pages = 0;
        long cpu = 0;
        long bytes = 0;
        Map<String, String> starts = new HashMap<>();
        starts.put("users", graph + "/v1.0/users/delta?$select=id,userPrincipalName,displayName,givenName,surname,"
                + "mail,mailNickname,jobTitle,department,companyName,officeLocation,employeeId,employeeType,"
                + "accountEnabled,userType,businessPhones,mobilePhone,usageLocation,preferredLanguage,city,country,"
                + "createdDateTime,onPremisesSyncEnabled,onPremisesImmutableId");
        starts.put("groups", graph + "/v1.0/groups/delta?$select=id,displayName,description,mail,mailNickname,"
                + "mailEnabled,securityEnabled,groupTypes,visibility,createdDateTime,onPremisesSyncEnabled,members");
        for (String start : starts.values()) {
            String link = start;
            while (link != null) {
                byte[] body;
                try (okhttp3.Response page = pagesClient.newCall(new okhttp3.Request.Builder().url(link)
                        .header("Authorization", "Bearer " + bearer).header("Prefer", "odata.maxpagesize=999")
                        .build()).execute()) {
                    if (page.code() != 200) {
                        throw new IllegalStateException("the bare pass got HTTP " + page.code());
                    }
                    body = page.body().bytes();
                }
                pages++;
                bytes += body.length;
                long before = threads.getCurrentThreadCpuTime();
                link = walk(body);
                cpu += threads.getCurrentThreadCpuTime() - before;
            }
        }
        long process = processCpuNanos() - processBefore;
        long jit = jitBefore < 0 ? -1 : jitCpuNanos() - jitBefore;
        pagesClient.dispatcher().executorService().shutdown();
        pagesClient.connectionPool().evictAll();
        return new BarePass(pages, cpu, process, jit, bytes);
    }

    /** Reads every token of a page and returns its nextLink, or {@code null} on the last page. */
    private static String walk(byte[] body) throws java.io.IOException {
        String next = null;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("@odata.nextLink")
                        && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    next = p.getText();
                } else if (t == JsonToken.VALUE_STRING) {
                    p.getText();
                }
            }
        }
        return next;
    }
}
