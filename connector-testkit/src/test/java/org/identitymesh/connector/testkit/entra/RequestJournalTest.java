package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestJournalTest {

    @Test
    void countsRequestsByKindAndResets() throws Exception {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(
                TenantSpec.builder().users(40).groups(4).memberships(40).build())) {
            GraphTestClient client = new GraphTestClient(tenant);
            client.fetchToken();
            client.round(client.graph("/users/delta?$select=displayName"), "Prefer", "odata.maxpagesize=10");
            client.round(client.graph("/groups/delta?$select=displayName"), "Prefer", "odata.maxpagesize=2");
            client.get(client.graph("/nothing"));
            RequestJournal j = tenant.journal();
            assertEquals(1, j.count(RequestKind.TOKEN));
            assertEquals(4, j.count(RequestKind.USERS_DELTA));
            assertEquals(2, j.count(RequestKind.GROUPS_DELTA));
            assertEquals(1, j.count(RequestKind.OTHER));
            assertEquals(8, j.total());
            assertEquals(8, j.count(RequestKind.ANY));
            assertEquals(Map.of(RequestKind.TOKEN, 1L, RequestKind.USERS_DELTA, 4L, RequestKind.GROUPS_DELTA, 2L,
                    RequestKind.OTHER, 1L), j.counts());
            j.reset();
            assertEquals(0, j.total());
            assertEquals(0, j.count(RequestKind.USERS_DELTA));
        }
    }

    @Test
    void countsConcurrentRequestsExactly() throws Exception {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(
                TenantSpec.builder().users(40).groups(4).memberships(40).build())) {
            GraphTestClient client = new GraphTestClient(tenant);
            client.fetchToken();
            tenant.journal().reset();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    results.add(pool.submit(() -> client.get(client.graph("/users/delta?$deltatoken=latest")).status()));
                }
                for (Future<Integer> f : results) {
                    assertEquals(200, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(40, tenant.journal().count(RequestKind.USERS_DELTA));
            assertEquals(40, tenant.journal().total());
        }
    }
}
