package org.identitymesh.connector.testkit.entra;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts what clients asked the tenant, so tests can assert how many token requests, delta pages or member
 * pages a strategy needed. Thread-safe; {@link #reset()} starts over.
 *
 * <p>{@link #count(RequestKind)} counts operations: an HTTP request of that kind, or an item of that kind inside
 * a {@code $batch} (the batch envelope itself counts as {@link RequestKind#BATCH}). {@link #total()} counts HTTP
 * requests only, so a batch of 20 member requests adds 1 to the total, 1 to BATCH, 20 to GROUP_MEMBERS and 20
 * to {@link #batchItems()}. Injected faults count under their request's kind too.
 */
public final class RequestJournal {

    private final AtomicLongArray counts = new AtomicLongArray(RequestKind.values().length);
    private final AtomicLongArray faults = new AtomicLongArray(RequestKind.values().length);
    private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong batchItems = new java.util.concurrent.atomic.AtomicLong();

    RequestJournal() {
    }

    void recordRequest(RequestKind kind) {
        total.incrementAndGet();
        counts.incrementAndGet(kind.ordinal());
    }

    void recordBatchItem(RequestKind kind) {
        batchItems.incrementAndGet();
        counts.incrementAndGet(kind.ordinal());
    }

    void recordFault(RequestKind kind) {
        faults.incrementAndGet(kind.ordinal());
    }

    /**
     * Operations of a kind since the last reset (see the class description).
     *
     * @param kind the kind; {@link RequestKind#ANY} gives the sum over all kinds
     * @return the count
     */
    public long count(RequestKind kind) {
        if (kind == RequestKind.ANY) {
            long n = 0;
            for (RequestKind k : RequestKind.values()) {
                n += counts.get(k.ordinal());
            }
            return n;
        }
        return counts.get(kind.ordinal());
    }

    /**
     * HTTP requests of any kind since the last reset.
     *
     * @return the count
     */
    public long total() {
        return total.get();
    }

    /**
     * Items received inside {@code $batch} requests since the last reset.
     *
     * @return the count
     */
    public long batchItems() {
        return batchItems.get();
    }

    /**
     * Injected faults of a request kind since the last reset.
     *
     * @param kind the kind; {@link RequestKind#ANY} gives the sum
     * @return the count
     */
    public long faults(RequestKind kind) {
        if (kind == RequestKind.ANY) {
            long n = 0;
            for (RequestKind k : RequestKind.values()) {
                n += faults.get(k.ordinal());
            }
            return n;
        }
        return faults.get(kind.ordinal());
    }

    /**
     * All non-zero operation counts, for messages and reports.
     *
     * @return kind to count, in kind order
     */
    public Map<RequestKind, Long> counts() {
        Map<RequestKind, Long> out = new EnumMap<>(RequestKind.class);
        for (RequestKind k : RequestKind.values()) {
            long n = counts.get(k.ordinal());
            if (n > 0) {
                out.put(k, n);
            }
        }
        return out;
    }

    /** Sets every count to zero. */
    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
            faults.set(i, 0);
        }
        total.set(0);
        batchItems.set(0);
    }

    @Override
    public String toString() {
        return "RequestJournal{total=" + total() + ", batchItems=" + batchItems() + ", " + counts() + "}";
    }
}
