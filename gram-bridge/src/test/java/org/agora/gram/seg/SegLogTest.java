package org.agora.gram.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SEG log as the job manager's reader needs it. */
class SegLogTest {
    @TempDir
    Path dir;

    @Test
    void writesOneWellFormedLinePerEventInTheDaysFile() throws Exception {
        Instant at = Instant.parse("2026-12-08T10:15:30Z");
        SegLog log = new SegLog(dir, Clock.fixed(at, ZoneOffset.UTC));
        log.log("0b5e-1", GramState.ACTIVE, 0);
        log.log("0b5e-1", GramState.DONE, 3);
        assertEquals(List.of("001;" + at.getEpochSecond() + ";0b5e-1;2;0", "001;" + at.getEpochSecond() + ";0b5e-1;8;3"),
                Files.readAllLines(dir.resolve("20261208")));
    }

    @Test
    void makesTodaysAndTomorrowsFilesAheadSoAReaderFindsThemAtMidnight() throws Exception {
        SegLog log = new SegLog(dir, Clock.fixed(Instant.parse("2026-12-31T23:59:00Z"), ZoneOffset.UTC));
        log.prepareDays();
        assertTrue(Files.exists(dir.resolve("20261231")));
        assertTrue(Files.exists(dir.resolve("20270101")));
        assertEquals(0, Files.size(dir.resolve("20270101")));
    }

    @Test
    void anEventAfterMidnightGoesToTheNewDaysFile() throws Exception {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-08T23:59:59Z"));
        SegLog log = new SegLog(dir, clock);
        log.log("j", GramState.ACTIVE, 0);
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        log.log("j", GramState.DONE, 0);
        assertEquals(1, Files.readAllLines(dir.resolve("20261208")).size());
        assertTrue(Files.readString(dir.resolve("20261209")).endsWith(";j;8;0\n"));
    }

    @Test
    void theDayIsTheClocksLocalDay() throws Exception {
        // 23:30 UTC is already the next day in Berlin, where the job managers run.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SegLog log = new SegLog(dir, Clock.fixed(Instant.parse("2026-12-08T23:30:00Z"), berlin));
        log.log("j", GramState.PENDING, 0);
        assertTrue(Files.exists(log.file(LocalDate.of(2026, 12, 9))));
    }

    @Test
    void refusesAJobIdThatWouldBreakTheLine() {
        SegLog log = new SegLog(dir, Clock.systemUTC());
        assertThrows(IllegalArgumentException.class, () -> log.log("a;b", GramState.DONE, 0));
        assertThrows(IllegalArgumentException.class, () -> log.log("a\nb", GramState.DONE, 0));
    }

    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
