package org.agora.market.auction.persistence;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.agora.database.ProcedureCall;
import org.agora.database.StatementBatch;
import org.agora.market.auction.Bid;
import org.agora.market.bank.Bank;
import org.agora.market.bank.persistence.RefusedWrite;
import org.hibernate.SessionFactory;

/**
 * Group commit for new bids: bids placed at the same moment by different callers are written in one
 * transaction, so they share its commit (the log flush), its round trip and the per-call work of the
 * server, which for a single bid cost as much as its rows (docs/performance.md). Each caller still
 * returns only once its bid is committed.
 *
 * <p>Callers queue their bid; whoever finds a leader's place free takes every bid queued (up to
 * {@link #MAX_GROUP}) and writes them, then hands the place on. Two leaders at a time, so one group
 * is written while the other commits. A bid alone is one call of {@code agora_place_bid}; a group
 * is one statement batch: each bid's rows ({@code agora_bid_rows}, bidders in account-id order as
 * the ledger locks accounts), then each host's total once, hosts in name order, last, as every bid
 * operation takes host rows: two groups lock in the same order and cannot deadlock on each other.
 *
 * <p>A refused group (one bid id placed already, one bidder short of credits, a deadlock with
 * another kind of transaction) leaves nothing; each of its callers then tries its bid alone, and a
 * bid refused alone is answered by the step-by-step path, exactly as before.
 */
public final class BidGroupCommit {
    /** Enough to absorb a burst; a larger group holds its host rows longer before it commits. */
    static final int MAX_GROUP = 16;
    private static final int LEADERS = 2;
    /** How long a waiting caller sleeps before looking again, should its wake-up be missed. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private enum Outcome { PENDING, COMMITTED, REFUSED, TRY_ALONE, FAILED }

    private static final class Waiting {
        final Bid bid;
        final Thread caller = Thread.currentThread();
        volatile Outcome outcome = Outcome.PENDING;
        volatile RuntimeException failure;

        Waiting(Bid bid) {
            this.bid = bid;
        }

        void finish(Outcome how) {
            outcome = how;
            LockSupport.unpark(caller);
        }
    }

    /** What the group commit has done since start: for the bench, the logs and tests. */
    public record Counts(long groups, long bidsInGroups, long refusedGroups) {
    }

    private final SessionFactory sessions;
    private final LongAdder groups = new LongAdder();
    private final LongAdder bidsInGroups = new LongAdder();
    private final LongAdder refusedGroups = new LongAdder();
    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore leaders = new Semaphore(LEADERS);

    BidGroupCommit(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Writes the new bid, alone or with others placed at the same moment. True once it is committed;
     * false if the database refused it, which then left nothing of it.
     */
    boolean place(Bid bid) {
        Waiting me = new Waiting(bid);
        queue.add(me);
        while (me.outcome == Outcome.PENDING) {
            // An empty queue with this bid pending: a leader has it in a group being written.
            if (!queue.isEmpty() && leaders.tryAcquire()) {
                try {
                    while (me.outcome == Outcome.PENDING) {
                        List<Waiting> group = nextGroup();
                        if (group.isEmpty()) {
                            break;
                        }
                        write(group);
                    }
                } finally {
                    leaders.release();
                    Waiting next = queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.caller);
                    }
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
            }
        }
        return switch (me.outcome) {
            case COMMITTED -> true;
            case REFUSED -> false;
            case TRY_ALONE -> alone(bid);
            case FAILED -> throw me.failure;
            case PENDING -> throw new IllegalStateException("bid " + bid.id() + " left pending");
        };
    }

    /** Groups of two or more bids written so far, the bids in them, and how many were refused. */
    Counts counts() {
        return new Counts(groups.sum(), bidsInGroups.sum(), refusedGroups.sum());
    }

    private List<Waiting> nextGroup() {
        List<Waiting> group = new ArrayList<>();
        Waiting w;
        while (group.size() < MAX_GROUP && (w = queue.poll()) != null) {
            group.add(w);
        }
        return group;
    }

    private void write(List<Waiting> group) {
        try {
            if (group.size() == 1) {
                Waiting only = group.get(0);
                only.finish(alone(only.bid) ? Outcome.COMMITTED : Outcome.REFUSED);
                return;
            }
            SQLException refused = RefusedWrite.run(sessions, together(group));
            groups.increment();
            bidsInGroups.add(group.size());
            if (refused != null) {
                refusedGroups.increment();
            }
            for (Waiting w : group) {
                w.finish(refused == null ? Outcome.COMMITTED : Outcome.TRY_ALONE);
            }
        } catch (RuntimeException e) {
            for (Waiting w : group) {
                w.failure = e;
                w.finish(Outcome.FAILED);
            }
        }
    }

    /**
     * The bid as a transaction of its own (a group of one, or a bid of a refused group tried again by
     * its own caller): true if committed, false if refused.
     */
    private boolean alone(Bid bid) {
        return RefusedWrite.run(sessions, new ProcedureCall("agora_place_bid", rowArguments(bid))) == null;
    }

    private static StatementBatch together(List<Waiting> group) {
        StatementBatch batch = new StatementBatch();
        Map<String, Long> hostTotals = new TreeMap<>();
        group.stream().map(w -> w.bid)
                .sorted(Comparator.comparing((Bid b) -> Bank.accountOf(b.bidderDn())).thenComparing(Bid::id))
                .forEach(b -> {
                    batch.add("call agora_bid_rows(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rowArguments(b));
                    hostTotals.merge(b.host(), BidBook.pricedRate(b.rate(b.windowStart())), Long::sum);
                });
        hostTotals.forEach((host, delta) -> {
            if (delta != 0) {
                batch.add("update market_host set bid_rate_total = bid_rate_total + ? where host = ?", delta, host);
            }
        });
        return batch;
    }

    /** The arguments of both procedures, in their order. */
    private static Object[] rowArguments(Bid bid) {
        double rate = bid.rate(bid.windowStart());
        return new Object[] {bid.id(), bid.bidderDn(), bid.host(), bid.hostOwnerDn(), bid.workspaceId(),
                bid.escrowed().micros(), bid.windowStart(), bid.windowEnd(), rate, BidBook.pricedRate(rate),
                Bank.accountOf(bid.bidderDn()), Bank.escrowOf(bid.id()), BidBook.escrowTransferId(bid.id()),
                BidBook.escrowMemo(bid)};
    }
}
