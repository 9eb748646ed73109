package org.agora.transport.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BoundedReplayCacheTest {
    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aMessageSeenWithinItsWindowIsAReplayAndAfterItIsNot() {
        MovingClock clock = new MovingClock();
        BoundedReplayCache cache = new BoundedReplayCache(10, Duration.ofMinutes(5), clock);
        cache.add("ts-1|sig-1", T0.plusSeconds(300));
        assertTrue(cache.contains("ts-1|sig-1"));
        assertFalse(cache.contains("ts-1|sig-2"), "another signature is another message");
        clock.now = T0.plusSeconds(301);
        assertFalse(cache.contains("ts-1|sig-1"), "past its window the message is too old to be taken anyway");
    }

    @Test
    void aFullCacheRefusesNewMessagesInsteadOfForgettingOnesThatCouldBeReplayed() {
        MovingClock clock = new MovingClock();
        BoundedReplayCache cache = new BoundedReplayCache(3, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 3; i++) {
            cache.add("m" + i, T0.plusSeconds(300));
        }
        assertThrows(BoundedReplayCache.ReplayCacheFullException.class, () -> cache.add("m3", T0.plusSeconds(300)));
        for (int i = 0; i < 3; i++) {
            assertTrue(cache.contains("m" + i), "m" + i + " is still refused as a replay");
        }
        assertEquals(3, cache.size());
    }

    @Test
    void expiredEntriesMakeRoomOnceTheirWindowHasPassed() {
        MovingClock clock = new MovingClock();
        BoundedReplayCache cache = new BoundedReplayCache(2, Duration.ofMinutes(5), clock);
        cache.add("old", T0.plusSeconds(60));
        cache.add("young", T0.plusSeconds(600));
        clock.now = T0.plusSeconds(61);
        cache.add("new", T0.plusSeconds(400));
        assertEquals(2, cache.size(), "the expired entry was dropped to make room");
        assertTrue(cache.contains("young"));
        assertTrue(cache.contains("new"));
    }
}
