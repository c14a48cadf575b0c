package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.entra.security.LogCapture;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * What the connector logs on its fetch threads carries the SLF4J MDC of the thread that called
 * {@code importChanges}, exactly that import's keys and nothing left from an earlier import. The tests' logging
 * provider does not hand an MDC down to new threads, as Logback and Log4j 2 do not.
 */
class FetchThreadsLogWithTheCallersMdcTest {

    private static final String FETCH_THREAD = "entra-fetch-";

    private TenantFixture fixture;
    private LogCapture.Session log;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(40).groups(8).memberships(60).build(), s -> {
        });
        log = LogCapture.open();
    }

    @AfterEach
    void stop() throws Exception {
        MDC.clear();
        log.close();
        fixture.close();
    }

    @Test
    void eachImportsFetchThreadsLogWithThatImportsCallerKeysOnly() {
        try (Connector connector = fixture.connector("\"PageSize\":10")) {
            List<LogCapture.Event> first = fetchThreadEvents(connector, Map.of("tenant", "contoso", "runId", "r-1"));
            List<LogCapture.Event> second = fetchThreadEvents(connector, Map.of("runId", "r-2"));
            List<LogCapture.Event> third = fetchThreadEvents(connector, Map.of());

            assertTrue(first.stream().anyMatch(e -> e.logger().endsWith(".DeltaChain")),
                    "the page lines come from the fetch threads: " + first);
            assertTrue(first.stream().anyMatch(e -> e.logger().endsWith(".RetryPolicy")),
                    "so does the retry of the throttled users page: " + first);
            assertAll(first.stream().map(e -> () -> assertEquals(Map.of("tenant", "contoso", "runId", "r-1"), e.mdc(),
                    e::toString)));
            assertTrue(!second.isEmpty() && !third.isEmpty());
            assertAll(second.stream().map(e -> () -> assertEquals(Map.of("runId", "r-2"), e.mdc(), e::toString)));
            assertAll(third.stream().map(e -> () -> assertEquals(Map.of(), e.mdc(), e::toString)));
        }
    }

    /**
     * Runs a full import with a throttled first users page from a thread whose MDC holds {@code keys}, and returns
     * what was logged on the fetch threads meanwhile. The caller's MDC is as it was when the import returns.
     */
    private List<LogCapture.Event> fetchThreadEvents(Connector connector, Map<String, String> keys) {
        fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "0.05"));
        int before = log.events().size();
        MDC.clear();
        keys.forEach(MDC::put);
        connector.importChanges(ImportRequest.full(), record -> {
        });
        Map<String, String> after = MDC.getCopyOfContextMap();
        assertEquals(keys, after == null ? Map.of() : after, "the importing thread keeps the caller's MDC");
        MDC.clear();
        List<LogCapture.Event> events = log.events();
        return events.subList(before, events.size()).stream().filter(e -> e.thread().startsWith(FETCH_THREAD)).toList();
    }
}
