package org.agora.market.bank;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bank's books: accounts and the transfers between them. Implementations apply a transfer
 * atomically and at most once per id, and never let an account other than the mint below zero.
 */
public interface Ledger {
    /** Opens an account if it does not exist (idempotent) and returns its id. */
    String open(String accountId, AccountKind kind, String ownerDn);

    /**
     * Moves {@code amount} from one account to another under the client's transfer id. Applying an
     * id again with the same movement returns the transfer first applied; with a different one it
     * is refused.
     */
    Transfer transfer(String transferId, String from, String to, Credits amount, String memo, String requestedBy)
            throws BankException;

    Credits balance(String accountId) throws BankException;

    /** The account's balance recomputed from its ledger entries alone. */
    Credits replayedBalance(String accountId) throws BankException;

    /** The sum of every account's balance, the mint's included: zero, always. */
    Credits sumOfBalances();

    Optional<Transfer> find(String transferId);

    /** The account's transfers in a period, oldest first, with the balance after each. */
    List<StatementLine> statement(String accountId, Instant from, Instant to) throws BankException;

    /** Every account id, for audits. */
    List<String> accounts();

    /** One line of a statement: a transfer as it touched the account. */
    record StatementLine(Transfer transfer, Credits change, Credits balanceAfter) {
    }
}
