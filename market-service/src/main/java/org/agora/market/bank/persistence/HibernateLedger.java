package org.agora.market.bank.persistence;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.database.ProcedureCall;
import org.agora.database.TransientFailures;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.BankException;
import org.agora.market.bank.BankException.Reason;
import org.agora.market.bank.Credits;
import org.agora.market.bank.Ledger;
import org.agora.market.bank.Transfer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The ledger on MariaDB. A transfer is one transaction: the transfer row (whose primary key is the
 * client's id, so a second application of the id cannot commit), both accounts locked in id order
 * (so two transfers between the same accounts cannot deadlock on each other), both balances
 * changed, two entries written. A crash before the commit leaves nothing; after it, everything.
 *
 * <p>A transfer on its own is one call of the stored procedure {@code agora_transfer} (one round
 * trip; migration V9; a new bid's transfer is in {@code agora_bid_rows}, V10), in which the
 * database's constraints do the checking; only when they refuse is it applied step by step
 * ({@link #applyIn}), which finds out why. Both paths take the same locks in the same order.
 */
public final class HibernateLedger implements Ledger {
    /** Entity classes the ledger maps, for the SessionFactory. */
    public static final Class<?>[] ENTITIES = {AccountEntity.class, TransferEntity.class, EntryEntity.class};

    private final SessionFactory sessions;
    private final Clock clock;

    public HibernateLedger(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public String open(String accountId, AccountKind kind, String ownerDn) {
        try {
            sessions.inTransaction(s -> {
                if (s.find(AccountEntity.class, accountId) == null) {
                    AccountEntity a = new AccountEntity();
                    a.id = accountId;
                    a.kind = kind;
                    a.ownerDn = ownerDn;
                    a.createdAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                    s.persist(a);
                }
            });
        } catch (ConstraintViolationException openedMeanwhile) {
            // Another caller opened it at the same moment: it exists, which is all that was asked.
        }
        return accountId;
    }

    @Override
    public Transfer transfer(String transferId, String from, String to, Credits amount, String memo,
                             String requestedBy) throws BankException {
        if (!amount.isPositive()) {
            throw new BankException(Reason.INVALID_AMOUNT, "a transfer moves a positive amount; " + amount + " is not");
        }
        if (from.equals(to)) {
            throw new BankException(Reason.INVALID_AMOUNT, "a transfer needs two different accounts; both are " + from);
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (RefusedWrite.run(sessions, new ProcedureCall("agora_transfer", transferId, from, to, amount.micros(), memo,
                requestedBy, now)) == null) {
            return new Transfer(transferId, from, to, amount, memo, requestedBy, now);
        }
        // Refused by a constraint (an applied id, an unknown account, too little money) or a deadlock:
        // nothing of it remains, and the step-by-step path below gives the exact answer.
        try {
            return TransientFailures.DEFAULT.run(() -> applyOnce(transferId, from, to, amount, memo, requestedBy));
        } catch (ConstraintViolationException sameIdMeanwhile) {
            // The id was applied by a concurrent call between our check and our insert.
            return existing(transferId, from, to, amount);
        }
    }

    private Transfer applyOnce(String transferId, String from, String to, Credits amount, String memo,
                               String requestedBy) throws BankException {
        BankException[] refused = new BankException[1];
        Transfer applied = sessions.fromTransaction(s -> {
            try {
                return applyIn(s, transferId, from, to, amount, memo, requestedBy);
            } catch (BankException e) {
                refused[0] = e;
                s.getTransaction().markRollbackOnly();
                return null;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        if (!applied.sameMovementAs(from, to, amount)) {
            throw reused(transferId, applied);
        }
        return applied;
    }

    /**
     * Applies a transfer inside the caller's open transaction, so the caller can change its own rows
     * (a bid's charged amount) atomically with the money. Returns the transfer already applied under
     * the id, unchanged, if there is one; the caller must check it is the same movement.
     */
    public Transfer applyIn(Session s, String transferId, String from, String to, Credits amount, String memo,
                            String requestedBy) throws BankException {
        if (!amount.isPositive()) {
            throw new BankException(Reason.INVALID_AMOUNT, "a transfer moves a positive amount; " + amount + " is not");
        }
        // One round trip both locks the two accounts, in the order of their ids (so two transfers over
        // the same pair cannot deadlock), and tells whether the id was applied already.
        List<Object[]> locked = s.createNativeQuery("select a.id, a.kind, a.balance, "
                        + "exists(select 1 from bank_transfer t where t.id = :transfer) "
                        + "from bank_account a where a.id in (:from, :to) order by a.id for update", Object[].class)
                .setParameter("transfer", transferId).setParameter("from", from).setParameter("to", to)
                .getResultList();
        if (!locked.isEmpty() && ((Number) locked.get(0)[3]).intValue() != 0) {
            return snapshot(s.find(TransferEntity.class, transferId));
        }
        Object[] source = locked.stream().filter(r -> from.equals(r[0])).findFirst().orElse(null);
        Object[] target = locked.stream().filter(r -> to.equals(r[0])).findFirst().orElse(null);
        if (source == null || target == null) {
            throw new BankException(Reason.UNKNOWN_ACCOUNT, "no account " + (source == null ? from : to)
                    + " at this bank");
        }
        long sourceBalance = ((Number) source[2]).longValue();
        long targetBalance = ((Number) target[2]).longValue();
        if (!AccountKind.MINT.name().equals(source[1]) && sourceBalance < amount.micros()) {
            throw new BankException(Reason.INSUFFICIENT_FUNDS, "account " + from + " holds "
                    + new Credits(sourceBalance) + " credits; " + amount + " cannot be moved from it");
        }
        // The database keeps microseconds: what is answered now must equal what is read back later.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        // The primary key decides here whether this id is new (a concurrent transaction may have
        // applied it since the check above): a duplicate fails the statement before anything moved.
        s.createNativeMutationQuery("insert into bank_transfer (id, from_account, to_account, amount, memo, "
                        + "requested_by, applied_at) values (:id, :from, :to, :amount, :memo, :by, :at)")
                .setParameter("id", transferId).setParameter("from", from).setParameter("to", to)
                .setParameter("amount", amount.micros()).setParameter("memo", memo).setParameter("by", requestedBy)
                .setParameter("at", now).executeUpdate();
        long sourceAfter = Math.subtractExact(sourceBalance, amount.micros());
        long targetAfter = Math.addExact(targetBalance, amount.micros());
        // Both entries in one statement, the debit first (entry ids keep a transfer's order).
        s.createNativeMutationQuery("insert into bank_entry (transfer_id, account_id, amount, balance_after, "
                        + "applied_at) values (:t, :from, :debit, :fromAfter, :at), (:t, :to, :credit, :toAfter, :at)")
                .setParameter("t", transferId).setParameter("from", from).setParameter("debit", -amount.micros())
                .setParameter("fromAfter", sourceAfter).setParameter("to", to).setParameter("credit", amount.micros())
                .setParameter("toAfter", targetAfter).setParameter("at", now).executeUpdate();
        s.createNativeMutationQuery("update bank_account set balance = case when id = :from then :fromAfter "
                        + "else :toAfter end where id in (:from, :to)")
                .setParameter("from", from).setParameter("fromAfter", sourceAfter).setParameter("to", to)
                .setParameter("toAfter", targetAfter).executeUpdate();
        return new Transfer(transferId, from, to, amount, memo, requestedBy, now);
    }

    /** Whether a transfer id has been applied, seen from inside the caller's transaction. */
    public boolean appliedIn(Session s, String transferId) {
        return s.find(TransferEntity.class, transferId) != null;
    }

    /**
     * Opens an account inside the caller's transaction if it does not exist. The existence check is
     * a plain (non-locking) read that leaves no entity in the session: an account loaded here
     * without a lock would later be handed back, stale, by the locking read of the transfer. INSERT
     * IGNORE (MariaDB) lets two transactions opening the same new account both succeed.
     */
    public void openIn(Session s, String accountId, AccountKind kind, String ownerDn) {
        Long found = s.createSelectionQuery("select count(*) from AccountEntity where id = :id", Long.class)
                .setParameter("id", accountId).getSingleResult();
        if (found > 0) {
            return;
        }
        s.createNativeMutationQuery("insert ignore into bank_account (id, kind, owner_dn, balance, created_at) "
                        + "values (:id, :kind, :owner, 0, :at)")
                .setParameter("id", accountId).setParameter("kind", kind.name()).setParameter("owner", ownerDn)
                .setParameter("at", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS))
                .executeUpdate();
    }

    /**
     * Opens, inside the caller's transaction, an account that no other transaction has reason to
     * lock (a new bid's escrow): INSERT IGNORE alone, one round trip. On an existing row it takes a
     * shared lock, which {@link #openIn} avoids for accounts that concurrent transfers lock.
     */
    public void openOwnIn(Session s, String accountId, AccountKind kind, String ownerDn) {
        s.createNativeMutationQuery("insert ignore into bank_account (id, kind, owner_dn, balance, created_at) "
                        + "values (:id, :kind, :owner, 0, :at)")
                .setParameter("id", accountId).setParameter("kind", kind.name()).setParameter("owner", ownerDn)
                .setParameter("at", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS))
                .executeUpdate();
    }

    private Transfer existing(String transferId, String from, String to, Credits amount) throws BankException {
        Transfer t = find(transferId).orElseThrow(() -> new IllegalStateException("transfer " + transferId
                + " collided on its id but cannot be read"));
        if (!t.sameMovementAs(from, to, amount)) {
            throw reused(transferId, t);
        }
        return t;
    }

    private static BankException reused(String id, Transfer first) {
        return new BankException(Reason.TRANSFER_ID_REUSED, "transfer id " + id + " was already used for "
                + first.amount() + " credits from " + first.from() + " to " + first.to() + " at " + first.at()
                + "; use a new id for a new transfer");
    }

    @Override
    public Credits balance(String accountId) throws BankException {
        AccountEntity a = sessions.fromSession(s -> s.find(AccountEntity.class, accountId));
        if (a == null) {
            throw new BankException(Reason.UNKNOWN_ACCOUNT, "no account " + accountId + " at this bank");
        }
        return new Credits(a.balance);
    }

    @Override
    public Credits replayedBalance(String accountId) throws BankException {
        balance(accountId);
        Long sum = sessions.fromSession(s -> s.createSelectionQuery(
                "select coalesce(sum(amount), 0) from EntryEntity where accountId = :a", Long.class)
                .setParameter("a", accountId).getSingleResult());
        return new Credits(sum);
    }

    @Override
    public Credits sumOfBalances() {
        Long sum = sessions.fromSession(s -> s.createSelectionQuery(
                "select coalesce(sum(balance), 0) from AccountEntity", Long.class).getSingleResult());
        return new Credits(sum);
    }

    @Override
    public Optional<Transfer> find(String transferId) {
        return Optional.ofNullable(sessions.fromSession(s -> s.find(TransferEntity.class, transferId)))
                .map(HibernateLedger::snapshot);
    }

    @Override
    public List<StatementLine> statement(String accountId, Instant from, Instant to) throws BankException {
        balance(accountId);
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "select e, t from EntryEntity e, TransferEntity t where t.id = e.transferId "
                                + "and e.accountId = :a and e.appliedAt >= :from and e.appliedAt < :to order by e.id",
                        Object[].class)
                .setParameter("a", accountId).setParameter("from", from).setParameter("to", to)
                .getResultList()).stream()
                .map(row -> {
                    EntryEntity e = (EntryEntity) row[0];
                    return new StatementLine(snapshot((TransferEntity) row[1]), new Credits(e.amount),
                            new Credits(e.balanceAfter));
                }).toList();
    }

    @Override
    public List<String> accounts() {
        return sessions.fromSession(s -> s.createSelectionQuery("select id from AccountEntity order by id", String.class)
                .getResultList());
    }

    private static Transfer snapshot(TransferEntity t) {
        return new Transfer(t.id, t.fromAccount, t.toAccount, new Credits(t.amount), t.memo, t.requestedBy,
                t.appliedAt);
    }
}
