package org.identitymesh.connector.testkit.entra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tenant's clock, for access-token expiry, delta-token idle expiry and timestamps. By default it follows
 * the system clock; {@link #advance(Duration)} moves it ahead (for example eight days, to expire delta tokens)
 * without waiting. A {@linkplain #fixed(Instant) fixed} clock only moves when advanced. Thread-safe.
 */
public final class SimulatedClock extends Clock {

    private final boolean followsSystem;
    private final AtomicLong offsetOrInstantMillis;

    private SimulatedClock(boolean followsSystem, long millis) {
        this.followsSystem = followsSystem;
        this.offsetOrInstantMillis = new AtomicLong(millis);
    }

    /**
     * A clock that follows the system clock, plus whatever it has been advanced by.
     *
     * @return the clock
     */
    public static SimulatedClock system() {
        return new SimulatedClock(true, 0);
    }

    /**
     * A clock that stands still at an instant until advanced.
     *
     * @param start the instant
     * @return the clock
     */
    public static SimulatedClock fixed(Instant start) {
        return new SimulatedClock(false, start.toEpochMilli());
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far; not negative
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + amount);
        }
        offsetOrInstantMillis.addAndGet(amount.toMillis());
    }

    @Override
    public long millis() {
        long v = offsetOrInstantMillis.get();
        return followsSystem ? System.currentTimeMillis() + v : v;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    /**
     * Always UTC.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * Not supported: the tenant's clock is UTC.
     *
     * @param zone ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC only");
    }
}
