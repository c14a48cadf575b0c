package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.secret.SecretResolvers;

/**
 * The connector side of {@code entra-sync bench-tenants}, in a JVM of its own so that its heap and threads are the
 * connectors': creates N connectors through one provider, as a host with N customer tenants does, runs one full import
 * each and then one delta each with no change, C at a time, and measures what the connectors keep between imports.
 * Watermarks go to a file, as a host keeps them in its database, so that the heap measured is the connectors' own
 * ({@link WatermarkStore}: one file appended to, so that the host's side costs little of the CPU measured).
 * Prints {@code READY} before the first import (the orchestrator clears the tenant's journal then) and one
 * {@code RESULT} line of JSON at the end.
 */
final class BenchTenantsRun {

    private BenchTenantsRun() {
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code graphEndpoint authorityHost trustStore tenants concurrency idleSeconds warmups
     *             tenantId:clientId...}:
     *             connector i signs in to the i-th tenant of the list, modulo its length; the client secrets and the
     *             trust store password come from {@code BENCH_SECRET_<k>} (k the tenant's index in the list) and
     *             {@code BENCH_TRUST_PW}
     * @throws Exception when anything fails: the orchestrator reports it
     */
    public static void main(String[] args) throws Exception {
        String graph = args[0];
        String authority = args[1];
        String trustStore = args[2];
        int tenants = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int idleSeconds = Integer.parseInt(args[5]);
        int warmups = Integer.parseInt(args[6]);
        List<String[]> identities = new ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            identities.add(args[i].split(":", 2));
        }
        ObjectMapper json = new ObjectMapper();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        WatermarkStore watermarks = WatermarkStore.create(tenants);

        ConnectorProvider provider = ConnectorProviders.discover().require("EntraId");
        // warm up class loading and the JIT on connectors that are not counted, so that the baseline below holds
        // the classes every connector shares and the rates below are those of compiled code
        ExecutorService warming = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> warm = new ArrayList<>();
        for (int i = 0; i < Math.max(1, warmups); i++) {
            int k = i % identities.size();
            String config = config(json, graph, authority, trustStore, identities.get(k)[0]);
            String auth = auth(identities.get(k)[1], k);
            warm.add(warming.submit(() -> {
                runOne(provider, config, auth);
                return null;
            }));
        }
        for (Future<?> f : warm) {
            f.get();
        }
        warming.shutdown();

        long heapBefore = usedHeapAfterGc(memory);
        int threadsBefore = threads.getThreadCount();

        List<Connector> connectors = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            int k = i % identities.size();
            connectors.add(provider.create(ConnectorConfiguration.of(
                    config(json, graph, authority, trustStore, identities.get(k)[0]), auth(identities.get(k)[1], k),
                    SecretResolvers.environment())));
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            throw new IllegalStateException("the orchestrator did not say GO");
        }

        threads.resetPeakThreadCount();
        AtomicLong records = new AtomicLong();
        ChangeSink counting = r -> records.incrementAndGet();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        phase("full");
        long jit0 = jitMillis();
        long cpu0 = processCpuNanos();
        long started = System.nanoTime();
        List<Future<?>> full = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            Connector connector = connectors.get(i);
            int index = i;
            full.add(pool.submit(() -> {
                ImportResult result = connector.importChanges(ImportRequest.full(), counting);
                watermarks.put(index, result.watermark());
                return null;
            }));
        }
        for (Future<?> f : full) {
            f.get();
        }
        long fullNanos = System.nanoTime() - started;
        long fullCpu = processCpuNanos() - cpu0;
        long fullJit = jitMillis() - jit0;
        int threadsAfterImports = threads.getThreadCount();
        long heapAfter = usedHeapAfterGc(memory);
        long fullRecords = records.getAndSet(0);

        phase("quiet");
        jit0 = jitMillis();
        cpu0 = processCpuNanos();
        started = System.nanoTime();
        List<Future<Long>> quiet = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            Connector connector = connectors.get(i);
            int index = i;
            quiet.add(pool.submit(() -> {
                ImportResult result = connector.importChanges(ImportRequest.delta(watermarks.get(index)), counting);
                watermarks.put(index, result.watermark());
                return result.types().values().stream().mapToLong(t -> t.requests()).sum();
            }));
        }
        long quietRequests = 0;
        for (Future<Long> f : quiet) {
            quietRequests += f.get();
        }
        long quietNanos = System.nanoTime() - started;
        long quietCpu = processCpuNanos() - cpu0;
        long quietJit = jitMillis() - jit0;
        phase("end");
        int threadsPeak = threads.getPeakThreadCount();
        pool.shutdown();

        // what stays when no import runs: pooled threads end after their keep-alive
        Thread.sleep(idleSeconds * 1000L);
        int threadsIdle = threads.getThreadCount();
        for (Connector c : connectors) {
            c.close();
        }
        watermarks.close();

        ObjectNode out = json.createObjectNode();
        out.put("tenants", tenants);
        out.put("concurrency", concurrency);
        out.put("heapPerConnectorKiB", Math.round((heapAfter - heapBefore) / 1024.0 / tenants * 10) / 10.0);
        out.put("heapBeforeMiB", heapBefore / (1024 * 1024));
        out.put("heapAfterMiB", heapAfter / (1024 * 1024));
        out.put("threadsBefore", threadsBefore);
        out.put("threadsAfterImports", threadsAfterImports);
        out.put("threadsIdle", threadsIdle);
        out.put("idleSeconds", idleSeconds);
        out.put("threadsPeak", threadsPeak);
        out.put("fullImportsPerSecond", Math.round(tenants / (fullNanos / 1e9) * 10) / 10.0);
        out.put("quietDeltasPerSecond", Math.round(tenants / (quietNanos / 1e9) * 10) / 10.0);
        out.put("fullRecords", fullRecords);
        out.put("quietRecords", records.get());
        out.put("quietRequests", quietRequests);
        out.put("connectorCpuMsPerFullImport", Math.round(fullCpu / 1e4 / tenants) / 100.0);
        out.put("connectorCpuMsPerQuietDelta", Math.round(quietCpu / 1e4 / tenants) / 100.0);
        out.put("jitMsFull", fullJit);
        out.put("jitMsQuiet", quietJit);
        System.out.println("RESULT " + out);
    }

    /** Tells the orchestrator that a phase begins, so that it can read the simulated server's CPU time. */
    private static void phase(String name) {
        System.out.println("PHASE " + name);
        System.out.flush();
    }

    /** The JIT compilers' accumulated time, which the process CPU time includes: large while code still compiles. */
    private static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void runOne(ConnectorProvider provider, String config, String auth) {
        try (Connector c = provider.create(ConnectorConfiguration.of(config, auth, SecretResolvers.environment()))) {
            ImportResult full = c.importChanges(ImportRequest.full(), r -> { });
            c.importChanges(ImportRequest.delta(full.watermark()), r -> { });
        }
    }

    private static String config(ObjectMapper json, String graph, String authority, String trustStore, String tenant)
            throws Exception {
        ObjectNode config = json.createObjectNode();
        config.put("TenantId", tenant);
        config.put("Cloud", "Custom");
        config.put("GraphEndpoint", graph);
        config.put("AuthorityHost", authority);
        config.put("TrustStorePath", trustStore);
        config.put("TrustStorePassword", "env:BENCH_TRUST_PW");
        return json.writeValueAsString(config);
    }

    private static String auth(String clientId, int k) {
        return "{\"ClientId\":\"" + clientId + "\",\"ClientSecret\":\"env:BENCH_SECRET_" + k + "\"}";
    }

    /**
     * Every connector's latest watermark in one temporary file, appended to at a position taken atomically and read
     * back from its offset, deleted on close: two numbers per connector on the heap, and no file opened or closed
     * per import. Thread-safe for distinct connectors; a connector's put happens before its get through the
     * executor's futures.
     */
    private static final class WatermarkStore implements AutoCloseable {

        private final FileChannel file;
        private final AtomicLong end = new AtomicLong();
        private final long[] offsets;
        private final int[] lengths;

        private WatermarkStore(FileChannel file, int connectors) {
            this.file = file;
            this.offsets = new long[connectors];
            this.lengths = new int[connectors];
        }

        static WatermarkStore create(int connectors) throws IOException {
            Path path = Files.createTempFile("bench-tenants-watermarks", ".bin");
            return new WatermarkStore(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE), connectors);
        }

        void put(int connector, String watermark) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(watermark.getBytes(StandardCharsets.UTF_8));
            long at = end.getAndAdd(bytes.remaining());
            offsets[connector] = at;
            lengths[connector] = bytes.remaining();
            while (bytes.hasRemaining()) {
                file.write(bytes, at + bytes.position());
            }
        }

        String get(int connector) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(lengths[connector]);
            while (bytes.hasRemaining()) {
                if (file.read(bytes, offsets[connector] + bytes.position()) < 0) {
                    throw new IOException("the watermark file ends before connector " + connector + "'s watermark");
                }
            }
            return new String(bytes.array(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** The used heap after full collections, taken when two collections in a row leave the same amount. */
    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
