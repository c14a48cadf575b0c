package org.identitymesh.connector.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.config.EntraSettings;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.entra.graph.SharedHttp;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connectors of one provider share connections and threads, and nothing of their tenants: two simulated tenants,
 * each with its own signing keys, trust store and client secret, behind connectors of the same provider.
 */
class SharedRuntimeTest {

    private static TenantFixture contoso;
    private static TenantFixture fabrikam;

    @BeforeAll
    static void start() throws Exception {
        contoso = TenantFixture.start(TenantSpec.builder().seed(3).users(30).groups(4).memberships(40).build(),
                s -> { });
        fabrikam = TenantFixture.start(TenantSpec.builder().seed(4).users(45).groups(6).memberships(70).build(),
                s -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        contoso.close();
        fabrikam.close();
    }

    @Test
    void everyRequestCarriesItsOwnTenantsTokenWhileTenantsImportAtOnce() throws Exception {
        EntraIdProvider provider = new EntraIdProvider();
        long contosoGrants = contoso.tenant().tokenGrants().size();
        long fabrikamGrants = fabrikam.tenant().tokenGrants().size();
        List<Connector> connectors = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            connectors.add(provider.create((i % 2 == 0 ? contoso : fabrikam).configuration("")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ImportResult>> imports = new ArrayList<>();
            for (Connector c : connectors) {
                imports.add(pool.submit(() -> c.importChanges(ImportRequest.full(), r -> { })));
            }
            for (int i = 0; i < imports.size(); i++) {
                TenantFixture tenant = i % 2 == 0 ? contoso : fabrikam;
                ImportResult result = imports.get(i).get();
                assertEquals(tenant.tenant().directory().userCount(), result.type("User").orElseThrow().upserted(),
                        "connector " + i + " imported its own tenant's users");
            }
        } finally {
            pool.shutdown();
            connectors.forEach(Connector::close);
        }
        // one sign-in per connector at its own tenant: a token sent to the other tenant would have been refused
        // there (its signature is the other tenant's) and made the connector sign in again
        assertEquals(4, contoso.tenant().tokenGrants().size() - contosoGrants);
        assertEquals(4, fabrikam.tenant().tokenGrants().size() - fabrikamGrants);
    }

    @Test
    void connectorsOfOneProviderReuseConnectionsAndHoldNoThreadWhenIdle() {
        EntraIdProvider provider = new EntraIdProvider();
        long graphRequests = contoso.tenant().journal().count(RequestKind.USERS_DELTA);
        for (int i = 0; i < 12; i++) {
            try (Connector c = provider.create(contoso.configuration(""))) {
                c.importChanges(ImportRequest.full(), r -> { });
            }
        }
        assertTrue(contoso.tenant().journal().count(RequestKind.USERS_DELTA) - graphRequests >= 12);
        // an import runs two chains at once (users, groups) and signs in first: a pool per connector would hold
        // at least 12 connections here
        int connections = provider.http().connections();
        assertTrue(connections >= 1 && connections <= 3, "connections in the shared pool: " + connections);
        // imports one after another: token requests reuse the dispatcher's threads, and the two chains of each
        // import the same fetch threads (a thread per chain and import would have started 24). A pool hands a task
        // only to a thread already back waiting for one; the previous import's threads may still be on their way
        // back when the next import asks (its end waits for their tasks, not for them), and then the pool starts
        // another. At most the previous import's two fetch threads and the previous sign-in's one dispatcher thread
        // can be on their way back, so with 4 fetch threads an import always finds its two chains' threads waiting,
        // and with 2 dispatcher threads a sign-in its one: the pools stop growing there, whatever the number of
        // imports.
        assertTrue(provider.http().dispatcherThreads() <= 2, "dispatcher threads: "
                + provider.http().dispatcherThreads());
        assertTrue(provider.http().fetchThreadCount() <= 4, "fetch threads: " + provider.http().fetchThreadCount());
    }

    @Test
    void threadsEndWhenNoImportRunsAndComeBackForTheNext() throws Exception {
        SharedHttp http = new SharedHttp(Duration.ofMillis(200));
        ConnectorConfiguration configuration = contoso.configuration("");
        try (Connector c = new EntraIdConnector(EntraSettings.read(configuration), configuration.secretResolver(),
                Clock.systemUTC(), http)) {
            ImportResult first = c.importChanges(ImportRequest.full(), r -> { });
            awaitNoThreads(http);
            // an idle connector holds no thread; its next import gets threads again and the same records
            ImportResult second = c.importChanges(ImportRequest.full(), r -> { });
            assertEquals(first.type("User").orElseThrow().upserted(), second.type("User").orElseThrow().upserted());
            awaitNoThreads(http);
        }
    }

    private static void awaitNoThreads(SharedHttp http) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (http.fetchThreadCount() + http.dispatcherThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, http.fetchThreadCount(), "fetch threads of an idle runtime");
        assertEquals(0, http.dispatcherThreads(), "dispatcher threads of an idle runtime");
    }

    @Test
    void connectorsStartingAtOnceReadTheTrustStoreOnce() throws Exception {
        EntraIdProvider provider = new EntraIdProvider();
        int count = 12;
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<ImportResult>> imports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Connector c = provider.create(contoso.configuration(""));
                imports.add(pool.submit(() -> {
                    gate.await();
                    try (c) {
                        return c.importChanges(ImportRequest.full(), r -> { });
                    }
                }));
            }
            gate.countDown();
            for (Future<ImportResult> f : imports) {
                assertEquals(contoso.tenant().directory().userCount(), f.get().type("User").orElseThrow().upserted());
            }
        } finally {
            pool.shutdown();
        }
        // one trust store and timeout: one set of clients, however many connectors asked for it at the same moment
        assertEquals(1, provider.http().clientBuilds());
    }

    @Test
    void closingOneConnectorLeavesAnotherImportInFlightAlone() throws Exception {
        EntraIdProvider provider = new EntraIdProvider();
        Connector first = provider.create(fabrikam.configuration(""));
        Connector second = provider.create(fabrikam.configuration("\"PageSize\":5"));
        first.importChanges(ImportRequest.full(), r -> { });
        fabrikam.tenant().faults().latency(Duration.ofMillis(100));
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong records = new AtomicLong();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ImportResult> running = pool.submit(() -> second.importChanges(ImportRequest.full(), r -> {
                started.countDown();
                records.incrementAndGet();
            }));
            assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), "the import started");
            first.close();
            ImportResult result = running.get();
            assertEquals(fabrikam.tenant().directory().userCount(), result.type("User").orElseThrow().upserted());
            assertTrue(records.get() > 0);
        } finally {
            fabrikam.tenant().faults().latency(Duration.ZERO);
            pool.shutdown();
            second.close();
        }
    }
}
