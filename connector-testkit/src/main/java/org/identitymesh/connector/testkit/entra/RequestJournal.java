package org.identitymesh.connector.testkit.entra;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts what clients asked the tenant, so tests can assert how many token requests, delta pages or member
 * pages a strategy needed. Thread-safe; {@link #reset()} starts over.
 *
 * <p>{@link #count(RequestKind)} counts operations: an HTTP request of that kind, or an item of that kind inside
 * a {@code $batch} (the batch envelope itself counts as {@link RequestKind#BATCH}). {@link #total()} counts HTTP
 * requests only, so a batch of 20 member requests adds 1 to the total, 1 to BATCH, 20 to GROUP_MEMBERS and 20
 * to {@link #batchItems()}. Injected faults count under their request's kind too.
 *
 * <p>{@link #connectionsOpened()} counts the TCP connections the server accepted, so a test or bench can tell a
 * shared connection pool from one connection per client. Connections belong to the server, not to a tenant: in a
 * {@link SimulatedEntraCloud} the count is kept by {@link SimulatedEntraCloud#journal()}, and the journal of each of
 * its tenants reports the cloud's count. A tenant's journal in a cloud counts that tenant's requests only, and the
 * cloud's journal counts every request, whichever tenant it was for.
 */
public final class RequestJournal {

    private final AtomicLongArray counts = new AtomicLongArray(RequestKind.values().length);
    private final AtomicLongArray faults = new AtomicLongArray(RequestKind.values().length);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong batchItems = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final RequestJournal parent;

    /** The journal of a server, or of a standalone tenant (which is its server's). */
    RequestJournal() {
        this(null);
    }

    /**
     * The journal of one tenant of a cloud.
     *
     * @param parent the cloud's journal, which every record is copied to, or null
     */
    RequestJournal(RequestJournal parent) {
        this.parent = parent;
    }

    void recordRequest(RequestKind kind) {
        total.incrementAndGet();
        counts.incrementAndGet(kind.ordinal());
        if (parent != null) {
            parent.recordRequest(kind);
        }
    }

    void recordBatchItem(RequestKind kind) {
        batchItems.incrementAndGet();
        counts.incrementAndGet(kind.ordinal());
        if (parent != null) {
            parent.recordBatchItem(kind);
        }
    }

    void recordFault(RequestKind kind) {
        faults.incrementAndGet(kind.ordinal());
        if (parent != null) {
            parent.recordFault(kind);
        }
    }

    /** A TCP connection the server accepted (recorded on the server's journal). */
    void recordConnection() {
        connections.incrementAndGet();
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
     * TCP connections the server accepted since the last reset of the server's journal: connections on which a
     * client began a TLS handshake (a connection that never sends a byte is not seen). A client that keeps its
     * connections alive opens few; one that opens a connection per request, or whose connections the server had to
     * close, opens many. The tenant's own HTTP server counts them for a standalone tenant; in a cloud, this is the
     * cloud's count ({@link SimulatedEntraCloud#journal()}), whichever journal is asked. The managed identity
     * endpoint's plain-HTTP connections are not counted.
     *
     * @return the count
     */
    public long connectionsOpened() {
        return parent != null ? parent.connectionsOpened() : connections.get();
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

    /**
     * Sets every count to zero: the counts of this journal only (a tenant's reset leaves its cloud's journal alone,
     * and {@link #connectionsOpened()} is reset by the journal that keeps it).
     */
    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
            faults.set(i, 0);
        }
        total.set(0);
        batchItems.set(0);
        connections.set(0);
    }

    @Override
    public String toString() {
        return "RequestJournal{total=" + total() + ", batchItems=" + batchItems() + ", connectionsOpened="
                + connectionsOpened() + ", " + counts() + "}";
    }
}
