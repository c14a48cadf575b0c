package org.identitymesh.connector.samples;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When {@code watch} runs a full round: when the last full round started {@code interval} ago or more (a little
 * early rather than one delta interval late), and, with a time of day, only in the run at or after that time.
 * The time-of-day slot moves to the next day at every run that passes it, full or not, so that a full round that
 * becomes due during the day waits for the next slot instead of running at once.
 */
final class FullRoundSchedule {

    private final Duration interval;
    private final LocalTime at;
    private final ZoneId zone;
    private final Duration early;
    private Instant slot;

    /**
     * A schedule.
     *
     * @param interval how old the last full round may get; {@code null} for none
     * @param at       the local time of day of full rounds, or {@code null}
     * @param zone     the zone of {@code at}
     * @param every    the delta interval: a full round is due up to half of it (at most a minute) early
     * @param now      the start of the watch
     */
    FullRoundSchedule(Duration interval, LocalTime at, ZoneId zone, Duration every, Instant now) {
        this.interval = interval != null ? interval : at != null ? Duration.ofDays(1) : null;
        this.at = at;
        this.zone = zone;
        Duration half = every.dividedBy(2);
        this.early = half.compareTo(Duration.ofMinutes(1)) < 0 ? half : Duration.ofMinutes(1);
        this.slot = at == null ? null : nextSlot(now);
    }

    /** The full-round interval, or {@code null} when the watch runs deltas only. */
    Duration interval() {
        return interval;
    }

    /**
     * Decides the run that starts now, and moves the time-of-day slot past it.
     *
     * @param now           the run's start
     * @param lastFullStart when the last successful run that read every type in full started, if any
     * @return whether this run is a full round
     */
    boolean fullRoundAt(Instant now, Optional<Instant> lastFullStart) {
        if (interval == null) {
            return false;
        }
        if (slot != null) {
            if (now.isBefore(slot)) {
                return false;
            }
            slot = nextSlot(now);
        }
        return lastFullStart.isEmpty() || !now.isBefore(lastFullStart.get().plus(interval).minus(early));
    }

    /**
     * When to wake for the next run: the delta interval's time, or the next time-of-day slot if that comes first.
     *
     * @param nextDelta when the next delta is due
     * @return the earlier of the two
     */
    Instant wake(Instant nextDelta) {
        return slot != null && slot.isBefore(nextDelta) ? slot : nextDelta;
    }

    private Instant nextSlot(Instant after) {
        ZonedDateTime next = after.atZone(zone).with(at).withSecond(0).withNano(0);
        if (!next.toInstant().isAfter(after)) {
            next = next.plusDays(1);
        }
        return next.toInstant();
    }
}
