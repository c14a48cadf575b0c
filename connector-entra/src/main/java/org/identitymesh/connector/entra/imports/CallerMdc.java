package org.identitymesh.connector.entra.imports;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The SLF4J MDC of the thread that called {@code importChanges}, carried to the import's fetch threads so that what
 * they log carries the host's keys (a tenant, a run id) like every line of the importing thread. Logback's and
 * Log4j 2's MDCs are not inherited by new threads, and a pooled thread would otherwise keep whatever an earlier task
 * left: each task runs with exactly the caller's keys, and the thread's own MDC is put back afterwards.
 */
final class CallerMdc {

    private final Map<String, String> context;

    private CallerMdc(Map<String, String> context) {
        this.context = context;
    }

    /**
     * Takes a copy of the current thread's MDC.
     *
     * @return the copy; empty when the thread has none or the logging backend keeps no MDC
     */
    static CallerMdc capture() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context == null) {
            return new CallerMdc(Map.of());
        }
        // some backends keep a key put with a null value; Map.copyOf would refuse it
        Map<String, String> copy = new java.util.HashMap<>(context);
        copy.values().removeIf(java.util.Objects::isNull);
        return new CallerMdc(Map.copyOf(copy));
    }

    /**
     * Wraps work so that it runs with the captured MDC and nothing else, and leaves its thread's MDC as it found it.
     *
     * @param work what a fetch thread does for the import
     * @return the wrapped work
     */
    Runnable around(Runnable work) {
        return () -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            set(context);
            try {
                work.run();
            } finally {
                set(own);
            }
        };
    }

    private static void set(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
