package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/**
 * The simulator keeps 2,000 keep-alive connections open at once (the JDK server's own limit is 200), and counts the
 * connections it accepts. The client and the server share this JVM, so the test needs some 4,100 file descriptors:
 * it is skipped, saying so, where {@code ulimit -n} leaves fewer.
 */
class KeepAliveConnectionsTest {

    private static final int CONNECTIONS = 2_000;
    private static final int CLIENT_THREADS = 4;

    @Test
    void twoThousandConnectionsAreServedAndKeptOpenBetweenRequests() throws Exception {
        assumeFileDescriptors(2L * CONNECTIONS + 100);
        try (SimulatedEntraCloud cloud = SimulatedEntraCloud.builder().keepAliveConnections(CONNECTIONS).start()) {
            assertTrue(cloud.keepAliveLimit() >= CONNECTIONS, "limit " + cloud.keepAliveLimit());
            SimulatedEntraTenant tenant = cloud.addTenant(TenantSpec.builder().users(10).groups(1).memberships(5)
                    .build());
            String token = new GraphTestClient(tenant).fetchToken();
            String userId = tenant.directory().users().findFirst().orElseThrow().id();
            String path = "/v1.0/users/" + userId + "?$select=id";
            cloud.journal().reset();

            HttpWire[] wires = new HttpWire[CONNECTIONS];
            SSLSocketFactory sockets = cloud.sslContext().getSocketFactory();
            int port = URI.create(cloud.baseUrl()).getPort();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                // every connection opens, shakes hands and is served once; then all 2,000 are open and idle at once
                AtomicInteger firstRound = inParallel(clients, i -> {
                    SSLSocket socket = (SSLSocket) sockets.createSocket("127.0.0.1", port);
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(120_000);
                    wires[i] = new HttpWire(socket);
                    return served(wires[i].get(path, token), userId);
                });
                assertEquals(CONNECTIONS, firstRound.get(), "connections served");
                assertEquals(CONNECTIONS, cloud.journal().connectionsOpened(), "connections the server accepted");

                // a second request on each: a connection the server had closed would end before the status line
                AtomicInteger reused = inParallel(clients, i -> served(wires[i].get(path, token), userId));
                assertEquals(CONNECTIONS, reused.get(), "connections still open and served again");
                assertEquals(CONNECTIONS, cloud.journal().connectionsOpened(), "no connection was opened again");
                assertEquals(2L * CONNECTIONS, cloud.journal().count(RequestKind.OBJECT));
                assertEquals(2L * CONNECTIONS, tenant.journal().count(RequestKind.OBJECT));
            } finally {
                clients.shutdownNow();
                for (HttpWire w : wires) {
                    if (w != null) {
                        w.close();
                    }
                }
            }
        }
    }

    @Test
    void theServerCountsEachConnectionOnceHoweverManyRequestsItCarries() {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(5).groups(1)
                .memberships(2).build())) {
            GraphTestClient client = new GraphTestClient(tenant);
            client.fetchToken();
            for (int i = 0; i < 5; i++) {
                assertEquals(200, client.get(client.graph("/users/delta?$deltatoken=latest")).status());
            }
            assertEquals(6, tenant.journal().total());
            assertEquals(1, tenant.journal().connectionsOpened(), "one pooled connection carried every request");

            GraphTestClient another = new GraphTestClient(tenant);
            another.fetchToken();
            assertEquals(2, tenant.journal().connectionsOpened());
            tenant.journal().reset();
            assertEquals(0, tenant.journal().connectionsOpened());
        }
    }

    /** Whether a response is the user asked for. */
    private static boolean served(HttpWire.Response r, String userId) {
        return r.status() == 200 && r.body().contains(userId);
    }

    private interface Step {
        boolean run(int connection) throws IOException;
    }

    /** Runs a step for every connection, {@value #CLIENT_THREADS} at a time; the number that succeeded. */
    private static AtomicInteger inParallel(ExecutorService clients, Step step) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            int first = t;
            done.add(clients.submit(() -> {
                for (int i = first; i < CONNECTIONS; i += CLIENT_THREADS) {
                    if (step.run(i)) {
                        ok.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        return ok;
    }

    private static void assumeFileDescriptors(long needed) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
            assumeTrue(free >= needed, "needs " + needed + " free file descriptors, the process has " + free
                    + ": raise the limit (ulimit -n) to run it");
        }
    }
}
