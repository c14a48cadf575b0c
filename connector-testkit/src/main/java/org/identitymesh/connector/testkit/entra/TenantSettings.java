package org.identitymesh.connector.testkit.entra;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Behaviour of a running tenant that tests may change at any time: token lifetime, page sizes, delta-token
 * expiry, and deliberate at-least-once effects (duplicates and replays). Thread-safe; changes apply to the
 * next request.
 */
public final class TenantSettings {

    private volatile Duration tokenLifetime = Duration.ofSeconds(3599);
    private volatile int defaultPageSize = 200;
    private volatile int maxPageSize = 999;
    private volatile int memberSliceSize = 500;
    private volatile Duration deltaIdleTimeout = Duration.ofDays(7);
    private volatile ExpiryResponse expiryResponse = ExpiryResponse.SYNC_STATE_NOT_FOUND;
    private volatile int duplicateEvery;
    private volatile boolean linksBeforeValue = true;
    private final AtomicInteger replays = new AtomicInteger();

    TenantSettings() {
    }

    /**
     * The lifetime of access tokens issued from now on (reported as {@code expires_in}); default 3599 s.
     *
     * @param lifetime at least one second
     * @return this
     */
    public TenantSettings tokenLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.getSeconds() < 1) {
            throw new IllegalArgumentException("token lifetime must be at least one second: " + lifetime);
        }
        this.tokenLifetime = lifetime;
        return this;
    }

    /**
     * The lifetime of new access tokens.
     *
     * @return the lifetime
     */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /**
     * Objects per delta page when the request has no {@code Prefer: odata.maxpagesize}; default 200.
     *
     * @param size at least 1
     * @return this
     */
    public TenantSettings defaultPageSize(int size) {
        this.defaultPageSize = positive(size, "defaultPageSize");
        return this;
    }

    /**
     * Objects per delta page without a preference.
     *
     * @return the size
     */
    public int defaultPageSize() {
        return defaultPageSize;
    }

    /**
     * The largest page size a {@code Prefer: odata.maxpagesize} can obtain; larger preferences are capped;
     * default 999.
     *
     * @param size at least 1
     * @return this
     */
    public TenantSettings maxPageSize(int size) {
        this.maxPageSize = positive(size, "maxPageSize");
        return this;
    }

    /**
     * The page-size cap.
     *
     * @return the cap
     */
    public int maxPageSize() {
        return maxPageSize;
    }

    /**
     * The most member links one appearance of a group carries in {@code members@delta}; a larger set is split
     * and the group reappears on the next page with the next slice; default 500.
     *
     * @param size at least 1
     * @return this
     */
    public TenantSettings memberSliceSize(int size) {
        this.memberSliceSize = positive(size, "memberSliceSize");
        return this;
    }

    /**
     * Member links per group appearance.
     *
     * @return the slice size
     */
    public int memberSliceSize() {
        return memberSliceSize;
    }

    /**
     * How long a deltaLink stays usable after it was issued, by the tenant's clock; default 7 days.
     *
     * @param timeout positive
     * @return this
     */
    public TenantSettings deltaIdleTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.deltaIdleTimeout = timeout;
        return this;
    }

    /**
     * The delta-token idle timeout.
     *
     * @return the timeout
     */
    public Duration deltaIdleTimeout() {
        return deltaIdleTimeout;
    }

    /**
     * How an expired delta token is answered; default {@link ExpiryResponse#SYNC_STATE_NOT_FOUND}.
     *
     * @param response the answer
     * @return this
     */
    public TenantSettings expiryResponse(ExpiryResponse response) {
        this.expiryResponse = Objects.requireNonNull(response, "response");
        return this;
    }

    /**
     * How an expired delta token is answered.
     *
     * @return the answer
     */
    public ExpiryResponse expiryResponse() {
        return expiryResponse;
    }

    /**
     * Delivers about one object in {@code n} twice in a row within a round (a deterministic choice by id), as
     * Graph may; 0 turns duplicates off (the default).
     *
     * @param n 0, or at least 1 (1 duplicates every object)
     * @return this
     */
    public TenantSettings duplicateEvery(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("duplicateEvery must not be negative: " + n);
        }
        this.duplicateEvery = n;
        return this;
    }

    /**
     * The duplicate rate.
     *
     * @return 0 for none, else one object in n
     */
    public int duplicateEvery() {
        return duplicateEvery;
    }

    /**
     * Makes the next {@code rounds} delta rounds (rounds started from a deltaLink) end with a deltaLink at the
     * round's own start, so the following round replays every change already delivered plus any new ones.
     *
     * @param rounds how many rounds, at least 1
     * @return this
     */
    public TenantSettings replayNextRounds(int rounds) {
        replays.addAndGet(positive(rounds, "rounds"));
        return this;
    }

    /** Consumes one pending replay. */
    boolean takeReplay() {
        return replays.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Whether {@code @odata.nextLink} and {@code @odata.deltaLink} come before {@code value} (as in Graph's
     * documentation; the default) or after it; clients must accept both.
     *
     * @param before true for before
     * @return this
     */
    public TenantSettings linksBeforeValue(boolean before) {
        this.linksBeforeValue = before;
        return this;
    }

    /**
     * Where links go.
     *
     * @return true if before {@code value}
     */
    public boolean linksBeforeValue() {
        return linksBeforeValue;
    }

    private static int positive(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + n);
        }
        return n;
    }
}
