package org.identitymesh.connector.entra.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A pooled thread works for an import with that import's caller's MDC, and keeps none of it afterwards. */
class CallerMdcTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        MDC.clear();
    }

    @Test
    void aPooledThreadRunsEachImportsWorkWithThatImportsKeysAndGetsItsOwnBack() throws Exception {
        pool.submit(() -> MDC.put("pool", "own")).get();

        CallerMdc first = captureWith(Map.of("tenant", "contoso", "runId", "r-1"));
        CallerMdc second = captureWith(Map.of("runId", "r-2"));
        CallerMdc none = captureWith(Map.of());

        assertEquals(Map.of("tenant", "contoso", "runId", "r-1"), mdcDuring(first));
        assertEquals(Map.of("pool", "own"), mdcOfThePooledThread(), "the thread's own MDC is back");
        assertEquals(Map.of("runId", "r-2"), mdcDuring(second), "nothing of the first import is left");
        assertEquals(Map.of(), mdcDuring(none));
        assertEquals(Map.of("pool", "own"), mdcOfThePooledThread());
    }

    @Test
    void theThreadsOwnMdcIsBackAlsoWhenTheWorkFails() throws Exception {
        CallerMdc caller = captureWith(Map.of("runId", "r-1"));
        Future<?> failed = pool.submit(caller.around(() -> {
            throw new IllegalStateException("the chain failed");
        }));
        try {
            failed.get();
        } catch (ExecutionException expected) {
            // the failure itself is the chain's business
        }
        assertEquals(Map.of(), mdcOfThePooledThread());
    }

    @Test
    void aKeyPutWithoutAValueIsLeftOut() throws Exception {
        MDC.clear();
        MDC.put("tenant", "contoso");
        MDC.put("empty", null);
        CallerMdc caller = CallerMdc.capture();
        MDC.clear();
        assertEquals(Map.of("tenant", "contoso"), mdcDuring(caller));
    }

    private static CallerMdc captureWith(Map<String, String> keys) {
        MDC.clear();
        keys.forEach(MDC::put);
        CallerMdc captured = CallerMdc.capture();
        MDC.clear();
        return captured;
    }

    private Map<String, String> mdcDuring(CallerMdc caller) throws Exception {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        pool.submit(caller.around(() -> seen.set(current()))).get();
        return seen.get();
    }

    private Map<String, String> mdcOfThePooledThread() throws Exception {
        return pool.submit(CallerMdcTest::current).get();
    }

    private static Map<String, String> current() {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return mdc == null ? Map.of() : mdc;
    }
}
