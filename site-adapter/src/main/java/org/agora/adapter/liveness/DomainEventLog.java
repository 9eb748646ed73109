package org.agora.adapter.liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.agora.adapter.hypervisor.DomainState;

/**
 * What happened to this node's domains, numbered in order, for callers that read it with a long
 * poll. Only the most recent events are held: a caller that falls further behind, or that holds
 * the epoch of an earlier run of the adapter, is told by the epoch and reconciles in full instead.
 */
public final class DomainEventLog {
    /** One observed change of a domain; {@code state} is ABSENT when the domain is gone. */
    public record Event(long sequence, Instant time, String workspaceId, DomainState state, String cause) {
    }

    /** The events after the caller's sequence, and the epoch they belong to. */
    public record Batch(String epoch, long lastSequence, List<Event> events) {
    }

    private final String epoch = UUID.randomUUID().toString();
    private final int capacity;
    private final Clock clock;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long last;
    private boolean closed;

    public DomainEventLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an event log holds at least one event, not " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    public DomainEventLog() {
        this(10_000, Clock.systemUTC());
    }

    /** This run of the adapter. */
    public String epoch() {
        return epoch;
    }

    public synchronized Event record(String workspaceId, DomainState state, String cause) {
        Event e = new Event(++last, clock.instant(), workspaceId, state, cause);
        events.addLast(e);
        if (events.size() > capacity) {
            events.removeFirst();
        }
        notifyAll();
        return e;
    }

    /** Ends every wait at once (the adapter is stopping): callers get what is held and come back later. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * The events after {@code afterSequence}, waiting up to {@code wait} for one to arrive. A caller
     * of another epoch (or none) gets every event held, at once, with this epoch.
     */
    public synchronized Batch since(String callerEpoch, long afterSequence, Duration wait) throws InterruptedException {
        long after = epoch.equals(callerEpoch) ? afterSequence : 0;
        if (epoch.equals(callerEpoch)) {
            long deadline = System.nanoTime() + wait.toNanos();
            long left;
            while (last <= after && !closed && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
        }
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.sequence() > after) {
                out.add(e);
            }
        }
        return new Batch(epoch, last, out);
    }
}
