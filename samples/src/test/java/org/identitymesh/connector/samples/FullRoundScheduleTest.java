package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FullRoundScheduleTest {

    private static final Duration EVERY = Duration.ofMinutes(30);

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void withoutAFullIntervalEveryRunIsADelta() {
        FullRoundSchedule schedule = new FullRoundSchedule(null, null, ZoneOffset.UTC, EVERY, at("2026-12-02T10:00:00Z"));
        assertNull(schedule.interval());
        assertFalse(schedule.fullRoundAt(at("2026-12-02T10:00:00Z"), Optional.empty()));
        assertEquals(at("2026-12-02T10:30:00Z"), schedule.wake(at("2026-12-02T10:30:00Z")));
    }

    @Test
    void aFullRoundWhenNoneIsRecordedAndThenWhenTheLastOneStartedAnIntervalAgo() {
        FullRoundSchedule schedule = new FullRoundSchedule(Duration.ofDays(7), null, ZoneOffset.UTC, EVERY,
                at("2026-12-02T10:00:00Z"));
        assertTrue(schedule.fullRoundAt(at("2026-12-02T10:00:00Z"), Optional.empty()));
        Optional<Instant> last = Optional.of(at("2026-12-02T10:00:00Z"));
        assertFalse(schedule.fullRoundAt(at("2026-12-09T09:58:00Z"), last));
        // a little early rather than a delta interval late: at most a minute (half of 30 m would be 15)
        assertTrue(schedule.fullRoundAt(at("2026-12-09T09:59:10Z"), last));
        assertTrue(schedule.fullRoundAt(at("2026-12-09T10:00:00Z"), last));
    }

    @Test
    void aTimeOfDayHoldsDueFullRoundsForItsSlotAndMovesOnEveryDay() {
        FullRoundSchedule schedule = new FullRoundSchedule(Duration.ofDays(7), LocalTime.of(2, 0), ZoneOffset.UTC,
                EVERY, at("2026-12-02T10:00:00Z"));
        assertEquals(at("2026-12-02T10:30:00Z"), schedule.wake(at("2026-12-02T10:30:00Z")),
                "the next delta comes first");
        assertEquals(at("2026-12-03T02:00:00Z"), schedule.wake(at("2026-12-03T02:10:00Z")),
                "the slot comes first");
        // nothing recorded: due, but only at the slot
        assertFalse(schedule.fullRoundAt(at("2026-12-02T10:00:00Z"), Optional.empty()));
        assertTrue(schedule.fullRoundAt(at("2026-12-03T02:00:00Z"), Optional.empty()));
        Optional<Instant> last = Optional.of(at("2026-12-03T02:00:00Z"));
        // the next days' slots pass without a full round, and the slot moves on each time
        for (int day = 4; day <= 9; day++) {
            assertFalse(schedule.fullRoundAt(at("2026-12-0" + day + "T02:00:00Z"), last), "day " + day);
        }
        // due during the day of the 10th: it waits for the 10th's slot, not the first run after it became due
        assertFalse(schedule.fullRoundAt(at("2026-12-09T14:00:00Z"), last));
        assertTrue(schedule.fullRoundAt(at("2026-12-10T02:00:00Z"), last));
    }

    @Test
    void aTimeOfDayAloneIsADailyFullRound() {
        FullRoundSchedule schedule = new FullRoundSchedule(null, LocalTime.of(2, 0), ZoneOffset.UTC, EVERY,
                at("2026-12-02T10:00:00Z"));
        assertEquals(Duration.ofDays(1), schedule.interval());
        assertTrue(schedule.fullRoundAt(at("2026-12-03T02:00:00Z"), Optional.of(at("2026-12-02T02:00:00Z"))));
        assertTrue(schedule.fullRoundAt(at("2026-12-04T02:00:00Z"), Optional.of(at("2026-12-03T02:00:00Z"))));
    }
}
