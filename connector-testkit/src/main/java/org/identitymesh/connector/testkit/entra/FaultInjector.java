package org.identitymesh.connector.testkit.entra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Queues faults for upcoming requests and sets a fixed latency. Thread-safe.
 *
 * <p>A rule matches requests of one {@link RequestKind} ({@link RequestKind#ANY} matches all) and is used a
 * number of times; each matching request consumes one use of the oldest matching rule. Items inside a
 * {@code $batch} are matched by their own kind and only consume {@linkplain Fault.Type#STATUS status} faults.
 * Example: {@code faults.inject(RequestKind.USERS_DELTA, Fault.throttled(429, "0.2"), 2)} answers the next two
 * users-delta requests with 429 and {@code Retry-After: 0.2}.
 *
 * <p>In a {@link SimulatedEntraCloud}, {@link SimulatedEntraCloud#faults()} applies to the requests of every tenant
 * and each tenant's own injector to that tenant's requests: a request takes a rule of the cloud's injector first,
 * else one of its tenant's, and waits for the sum of both latencies.
 */
public final class FaultInjector {

    private static final class Rule {
        final RequestKind kind;
        final Fault fault;
        int remaining;

        Rule(RequestKind kind, Fault fault, int remaining) {
            this.kind = kind;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final FaultInjector parent;
    private volatile Duration latency = Duration.ZERO;

    /** The injector of a server, or of a standalone tenant (which is its server's). */
    FaultInjector() {
        this(null);
    }

    /**
     * The injector of one tenant of a cloud.
     *
     * @param parent the cloud's injector, whose rules and latency apply first, or null
     */
    FaultInjector(FaultInjector parent) {
        this.parent = parent;
    }

    /**
     * Answers the next request of a kind with a fault.
     *
     * @param kind  the request kind, or {@link RequestKind#ANY}
     * @param fault the fault
     */
    public void inject(RequestKind kind, Fault fault) {
        inject(kind, fault, 1);
    }

    /**
     * Answers the next {@code times} requests of a kind with a fault.
     *
     * @param kind  the request kind, or {@link RequestKind#ANY}
     * @param fault the fault
     * @param times how many requests, at least 1 ({@link Integer#MAX_VALUE} for "until cleared")
     */
    public synchronized void inject(RequestKind kind, Fault fault, int times) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        rules.add(new Rule(kind, fault, times));
    }

    /**
     * Uses left over all queued rules.
     *
     * @return the number of requests that will still get a fault
     */
    public synchronized long pending() {
        long n = 0;
        for (Rule r : rules) {
            n += r.remaining;
        }
        return n;
    }

    /** Drops every queued fault (the latency stays). */
    public synchronized void clear() {
        rules.clear();
    }

    /**
     * Delays every Graph request (not token requests) by a fixed time before answering, as for benchmarks
     * against a realistic round trip.
     *
     * @param perRequest the delay; {@link Duration#ZERO} for none
     */
    public void latency(Duration perRequest) {
        Objects.requireNonNull(perRequest, "perRequest");
        if (perRequest.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + perRequest);
        }
        this.latency = perRequest;
    }

    /**
     * The delay added to each Graph request by this injector (a tenant in a cloud also waits for the cloud's).
     *
     * @return the delay
     */
    public Duration latency() {
        return latency;
    }

    /** The delay a Graph request waits: this injector's latency plus the cloud's. */
    Duration effectiveLatency() {
        return parent == null ? latency : latency.plus(parent.effectiveLatency());
    }

    /** Consumes and returns the fault for a request (the cloud's rules first), or null. */
    Fault take(RequestKind kind, boolean batchItem) {
        Fault f = parent == null ? null : parent.take(kind, batchItem);
        return f != null ? f : takeOwn(kind, batchItem);
    }

    private synchronized Fault takeOwn(RequestKind kind, boolean batchItem) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
            Rule r = it.next();
            if ((r.kind == kind || r.kind == RequestKind.ANY)
                    && (!batchItem || r.fault.type() == Fault.Type.STATUS)) {
                if (r.remaining != Integer.MAX_VALUE) {
                    r.remaining--;
                }
                if (r.remaining == 0) {
                    it.remove();
                }
                return r.fault;
            }
        }
        return null;
    }
}
