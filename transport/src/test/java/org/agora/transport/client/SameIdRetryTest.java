package org.agora.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SameIdRetryTest {
    private final SameIdRetry retry = new SameIdRetry(3, Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void aLostAnswerIsAskedAgainUntilOneComes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<SameIdRetry.Scheduled> told = new ArrayList<>();
        String answer = retry.run(IOException.class, e -> true, told::add, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("cut");
            }
            return "receipt";
        });
        assertEquals("receipt", answer);
        assertEquals(3, calls.get());
        assertEquals(List.of(2, 3), told.stream().map(SameIdRetry.Scheduled::next).toList());
        assertEquals(4, told.get(0).attempts());
    }

    @Test
    void itGivesUpAfterItsAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        IOException last = assertThrows(IOException.class, () -> retry.run(IOException.class, e -> true, s -> { },
                () -> {
                    throw new IOException("cut " + calls.incrementAndGet());
                }));
        assertEquals(4, calls.get());
        assertEquals("cut 4", last.getMessage());
    }

    @Test
    void aRefusalIsNotSentAgain() {
        AtomicInteger calls = new AtomicInteger();
        IOException refusal = new IOException("insufficient funds");
        assertSame(refusal, assertThrows(IOException.class, () -> retry.run(IOException.class,
                e -> !e.getMessage().startsWith("insufficient"), s -> { }, () -> {
                    calls.incrementAndGet();
                    throw refusal;
                })));
        assertEquals(1, calls.get());
    }
}
