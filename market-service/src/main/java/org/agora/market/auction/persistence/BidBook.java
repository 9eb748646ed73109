package org.agora.market.auction.persistence;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.database.TransientFailures;
import org.agora.market.auction.Bid;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Bids and their money, kept together: every operation that moves credits changes the bid's row in
 * the same transaction, under the bid's row lock. So a charge is never applied twice, also by two
 * service replicas charging at once (the second finds the bid already charged up to now), and a
 * crash leaves either the whole operation or none of it.
 */
public final class BidBook {
    /** Entity classes, with the ledger's: one SessionFactory serves both. */
    public static final Class<?>[] ENTITIES = {BidEntity.class};
    /** What a session factory for bids maps: bids move money, so the ledger's entities too. */
    public static final Class<?>[] WITH_LEDGER = java.util.stream.Stream.concat(
            java.util.Arrays.stream(org.agora.market.bank.persistence.HibernateLedger.ENTITIES),
            java.util.Arrays.stream(ENTITIES)).toArray(Class<?>[]::new);

    private final SessionFactory sessions;
    private final HibernateLedger ledger;
    private final BidGroupCommit newBids;

    public BidBook(SessionFactory sessions, HibernateLedger ledger) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.newBids = new BidGroupCommit(sessions);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Session s) throws BankException;
    }

    /**
     * Runs {@code work} in one transaction; a BankException rolls everything back and is rethrown. A
     * transient failure (a deadlock: MariaDB chose this transaction as the victim, all of it undone)
     * runs it again.
     */
    private <T> T inTransaction(Work<T> work) throws BankException {
        return TransientFailures.DEFAULT.run(() -> once(work));
    }

    private <T> T once(Work<T> work) throws BankException {
        BankException[] refused = new BankException[1];
        T result = sessions.fromTransaction(s -> {
            try {
                return work.run(s);
            } catch (BankException e) {
                refused[0] = e;
                s.getTransaction().markRollbackOnly();
                return null;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return result;
    }

    /**
     * Escrows {@code amount} of the bidder's credits and records the bid, from now to
     * {@code windowEnd}. Placing the same bid id again answers with the bid as it is.
     *
     * <p>One round trip, shared with the new bids placed at the same moment ({@link BidGroupCommit}):
     * the bid row (its primary key refuses a placed id), the escrow account, the ledger's transfer,
     * the host's total. A refused write leaves nothing, and the bid is then placed step by step,
     * which answers exactly why, or with the bid already placed.
     */
    public Bid place(String bidId, String bidderDn, String host, String hostOwnerDn, String workspaceId,
                     Credits amount, Instant windowEnd, Instant now) throws BankException {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        if (!windowEnd.isAfter(at)) {
            throw new BankException(BankException.Reason.INVALID_AMOUNT, "the bid's window must end in the future, "
                    + "not at " + windowEnd);
        }
        Bid bid = new Bid(bidId, bidderDn, host, hostOwnerDn, workspaceId, amount, Credits.ZERO, at,
                windowEnd.truncatedTo(ChronoUnit.MICROS), at, Bid.State.ACTIVE);
        if (amount.isPositive() && newBids.place(bid)) {
            return bid;
        }
        return inTransaction(s -> {
            BidEntity existing = s.find(BidEntity.class, bidId);
            if (existing != null) {
                return snapshot(existing);
            }
            String escrow = Bank.escrowOf(bidId);
            ledger.openOwnIn(s, escrow, AccountKind.ESCROW, bidderDn);
            ledger.applyIn(s, escrowTransferId(bidId), Bank.accountOf(bidderDn), escrow, amount, escrowMemo(bid),
                    bidderDn);
            BidEntity b = new BidEntity();
            b.id = bidId;
            b.bidderDn = bidderDn;
            b.host = host;
            b.hostOwnerDn = hostOwnerDn;
            b.workspaceId = workspaceId;
            b.escrowed = amount.micros();
            b.charged = 0;
            b.windowStart = at;
            b.windowEnd = bid.windowEnd();
            b.chargedUntil = at;
            b.state = Bid.State.ACTIVE;
            // Priced before it is persisted: a change after persist() would cost a second write of the row.
            price(b, at);
            s.persist(b);
            s.flush();
            moveHostTotal(s, host, b.pricedRate);
            return snapshot(b);
        });
    }

    static String escrowTransferId(String bidId) {
        return "bid:" + bidId;
    }

    static String escrowMemo(Bid bid) {
        return "escrow for bid " + bid.id() + " on " + bid.host();
    }

    /**
     * Moves the window's end: what is due until now is charged at the old rate, then the rate is what
     * remains over the new time left. No credits move in or out.
     */
    public Bid adjust(String bidId, Instant newEnd, Instant now) throws BankException {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        if (!newEnd.isAfter(at)) {
            throw new BankException(BankException.Reason.INVALID_AMOUNT, "the new window end " + newEnd
                    + " is not in the future; cancel the bid to end it now");
        }
        return inTransaction(s -> {
            BidEntity b = lockedActive(s, bidId);
            chargeIn(s, b, at);
            if (b.state != Bid.State.ACTIVE) {
                throw new BankException(BankException.Reason.INVALID_AMOUNT, "bid " + bidId + " has ended");
            }
            b.windowEnd = newEnd.truncatedTo(ChronoUnit.MICROS);
            reprice(s, b, at);
            return snapshot(b);
        });
    }

    /** Adds credits to a bid's escrow (a new transfer, under the caller's transfer id). */
    public Bid topUp(String bidId, String transferId, Credits amount, Instant now) throws BankException {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return inTransaction(s -> {
            BidEntity b = lockedActive(s, bidId);
            chargeIn(s, b, at);
            if (b.state != Bid.State.ACTIVE) {
                throw new BankException(BankException.Reason.INVALID_AMOUNT, "bid " + bidId + " has ended");
            }
            boolean retry = ledger.appliedIn(s, transferId);
            var t = ledger.applyIn(s, transferId, Bank.accountOf(b.bidderDn), Bank.escrowOf(bidId), amount,
                    "top-up of bid " + bidId, b.bidderDn);
            if (!t.sameMovementAs(Bank.accountOf(b.bidderDn), Bank.escrowOf(bidId), amount)) {
                throw new BankException(BankException.Reason.TRANSFER_ID_REUSED, "transfer id " + transferId
                        + " was already used for another transfer");
            }
            if (!retry) {
                b.escrowed = Math.addExact(b.escrowed, amount.micros());
            }
            reprice(s, b, at);
            return snapshot(b);
        });
    }

    /** Ends the bid now: what is due is charged, the rest goes back to the bidder. */
    public Bid cancel(String bidId, Instant now) throws BankException {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return inTransaction(s -> {
            BidEntity b = s.find(BidEntity.class, bidId, LockModeType.PESSIMISTIC_WRITE);
            if (b == null) {
                throw new BankException(BankException.Reason.UNKNOWN_ACCOUNT, "no bid " + bidId);
            }
            if (b.state == Bid.State.ACTIVE) {
                chargeIn(s, b, at);
            }
            long left = b.escrowed - b.charged;
            if (b.state == Bid.State.ACTIVE && left > 0) {
                ledger.applyIn(s, "refund:" + bidId, Bank.escrowOf(bidId), Bank.accountOf(b.bidderDn),
                        new Credits(left), "unspent credits of bid " + bidId, "market");
                b.escrowed = b.charged;
            }
            b.state = Bid.State.ENDED;
            reprice(s, b, at);
            return snapshot(b);
        });
    }

    /** Charges every active bid what it owes up to {@code now}; returns how many were charged. */
    public int chargeDue(Instant now) throws BankException {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        List<String> active = sessions.fromSession(s -> s.createSelectionQuery(
                "select id from BidEntity where state = :active", String.class)
                .setParameter("active", Bid.State.ACTIVE).getResultList());
        int charged = 0;
        for (String id : active) {
            boolean did = inTransaction(s -> {
                BidEntity b = s.find(BidEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
                if (b == null || b.state != Bid.State.ACTIVE) {
                    return false;
                }
                boolean moved = chargeIn(s, b, at);
                reprice(s, b, at);
                return moved;
            });
            charged += did ? 1 : 0;
        }
        return charged;
    }

    /** Each active bid's rate on the host now, micro-credits per second, by bid id. */
    public Map<String, Double> ratesOn(String host, Instant now) {
        Map<String, Double> rates = new LinkedHashMap<>();
        sessions.inSession(s -> s.createSelectionQuery(
                        "from BidEntity where host = :host and state = :active order by id", BidEntity.class)
                .setParameter("host", host).setParameter("active", Bid.State.ACTIVE).getResultList()
                .forEach(b -> rates.put(b.id, snapshot(b).rate(now))));
        return rates;
    }

    /**
     * The summed rate of the active bids tied to each workspace on the host, micro-credits per second,
     * by workspace id: what the host's scheduler weights are made from.
     */
    public Map<String, Long> workspaceRatesOn(String host, Instant now) {
        Map<String, Long> rates = new LinkedHashMap<>();
        sessions.inSession(s -> s.createSelectionQuery("from BidEntity where host = :host and state = :active "
                                + "and workspaceId is not null order by workspaceId", BidEntity.class)
                .setParameter("host", host).setParameter("active", Bid.State.ACTIVE).getResultList()
                .forEach(b -> rates.merge(b.workspaceId, Math.round(snapshot(b).rate(now)), Long::sum)));
        return rates;
    }

    /** What the group commit of new bids has done since this book was made ({@link BidGroupCommit}). */
    public BidGroupCommit.Counts groupCommitCounts() {
        return newBids.counts();
    }

    public Optional<Bid> find(String bidId) {
        return Optional.ofNullable(sessions.fromSession(s -> s.find(BidEntity.class, bidId))).map(BidBook::snapshot);
    }

    public List<Bid> all() {
        return sessions.fromSession(s -> s.createSelectionQuery("from BidEntity order by id", BidEntity.class)
                .getResultList()).stream().map(BidBook::snapshot).toList();
    }

    private static BidEntity lockedActive(Session s, String bidId) throws BankException {
        BidEntity b = s.find(BidEntity.class, bidId, LockModeType.PESSIMISTIC_WRITE);
        if (b == null) {
            throw new BankException(BankException.Reason.UNKNOWN_ACCOUNT, "no bid " + bidId);
        }
        if (b.state != Bid.State.ACTIVE) {
            throw new BankException(BankException.Reason.INVALID_AMOUNT, "bid " + bidId + " has ended");
        }
        return b;
    }

    /** Charges what the locked bid owes up to {@code at}; ends it when its window is over. */
    private boolean chargeIn(Session s, BidEntity b, Instant at) throws BankException {
        Bid bid = snapshot(b);
        Credits due = bid.dueAt(at);
        boolean moved = false;
        if (due.isPositive()) {
            String owner = Bank.accountOf(b.hostOwnerDn);
            ledger.openIn(s, owner, AccountKind.USER, b.hostOwnerDn);
            ledger.applyIn(s, "charge:" + b.id + ":" + b.charged + "+" + due.micros(), Bank.escrowOf(b.id), owner, due,
                    "CPU on " + b.host + " for bid " + b.id, "market");
            b.charged = Math.addExact(b.charged, due.micros());
            moved = true;
        }
        if (at.isAfter(b.chargedUntil)) {
            b.chargedUntil = at;
        }
        if (!at.isBefore(b.windowEnd)) {
            b.state = Bid.State.ENDED;
        }
        return moved;
    }

    /**
     * Sets the bid's rate after a change and moves its host's total by the difference. Every
     * operation ends with this: the bid row and the money are flushed first, so the host row (which
     * all bids on the host share) is the last lock taken and is held only for the commit; taking it
     * last in every transaction also means it can never close a deadlock cycle. An atomic increment,
     * not a read and a write, so concurrent bids on one host need no other coordination. A host not
     * listed (never registered, or purged) has no row: its total is recomputed when it registers.
     */
    private static void reprice(Session s, BidEntity b, Instant at) {
        long before = b.pricedRate;
        price(b, at);
        s.flush();
        moveHostTotal(s, b.host, b.pricedRate - before);
    }

    private static void price(BidEntity b, Instant at) {
        b.rate = snapshot(b).rate(at);
        b.pricedRate = pricedRate(b.rate);
    }

    private static void moveHostTotal(Session s, String host, long delta) {
        if (delta != 0) {
            s.createNativeMutationQuery("update market_host set bid_rate_total = bid_rate_total + :delta "
                    + "where host = :host").setParameter("delta", delta).setParameter("host", host).executeUpdate();
        }
    }

    /** A rate in micro-credits per second as the integer the host totals count: nano-credits per second. */
    public static long pricedRate(double microsPerSecond) {
        return Math.round(microsPerSecond * 1000);
    }

    private static Bid snapshot(BidEntity b) {
        return new Bid(b.id, b.bidderDn, b.host, b.hostOwnerDn, b.workspaceId, new Credits(b.escrowed),
                new Credits(b.charged), b.windowStart, b.windowEnd, b.chargedUntil, b.state);
    }
}
