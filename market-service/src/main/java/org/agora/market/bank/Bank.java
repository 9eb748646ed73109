package org.agora.market.bank;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.agora.market.bank.BankException.Reason;
import org.agora.security.identity.GridIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank as grid identities use it: each identity has an account; only site or grid admins mint;
 * an identity moves credits only out of its own account; bids hold credits in escrow accounts until
 * they are charged to a host's owner or returned. Every movement answers with a signed receipt.
 */
public final class Bank {
    private static final Logger LOG = LoggerFactory.getLogger(Bank.class);
    public static final String MINT = "mint";

    private final Ledger ledger;
    private final Set<String> adminDns;
    private final Receipts receipts;

    public Bank(Ledger ledger, Set<String> adminDns, Receipts receipts) {
        this.ledger = ledger;
        this.adminDns = Set.copyOf(adminDns);
        this.receipts = receipts;
        ledger.open(MINT, AccountKind.MINT, null);
    }

    /** A receipted transfer: what was applied, and its signed receipt. */
    public record Receipt(Transfer transfer, String signed) {
    }

    /** The account id of a grid identity: a digest of the DN (DNs are longer than keys may be). */
    public static String accountOf(String dn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dn.getBytes(StandardCharsets.UTF_8));
            return "user:" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String escrowOf(String bidId) {
        return "escrow:" + bidId;
    }

    /** Creates {@code amount} new credits in {@code dn}'s account. Admins only. */
    public Receipt mint(GridIdentity caller, String transferId, String dn, Credits amount) throws BankException {
        if (!adminDns.contains(caller.dn())) {
            throw new BankException(Reason.NOT_AUTHORIZED, caller.dn() + " may not mint credits; only the site's "
                    + "or grid's bank administrators may (agora.bank.admins in the server's configuration)");
        }
        String to = ledger.open(accountOf(dn), AccountKind.USER, dn);
        Transfer t = ledger.transfer(transferId, MINT, to, amount, "minted for " + dn, caller.dn());
        LOG.info("event=bank.minted transfer={} to=\"{}\" amount={} by=\"{}\"", t.id(), dn, t.amount(), caller.dn());
        return new Receipt(t, receipts.sign(t));
    }

    /** Moves credits from the caller's account to {@code toDn}'s. */
    public Receipt transfer(GridIdentity caller, String transferId, String toDn, Credits amount, String memo)
            throws BankException {
        String from = ledger.open(accountOf(caller.dn()), AccountKind.USER, caller.dn());
        String to = ledger.open(accountOf(toDn), AccountKind.USER, toDn);
        Transfer t = ledger.transfer(transferId, from, to, amount, memo, caller.dn());
        LOG.info("event=bank.transferred transfer={} from=\"{}\" to=\"{}\" amount={}", t.id(), caller.dn(), toDn,
                t.amount());
        return new Receipt(t, receipts.sign(t));
    }

    /** Holds {@code amount} of the caller's credits for a bid. */
    public Receipt escrow(GridIdentity caller, String transferId, String bidId, Credits amount) throws BankException {
        String from = ledger.open(accountOf(caller.dn()), AccountKind.USER, caller.dn());
        String escrow = ledger.open(escrowOf(bidId), AccountKind.ESCROW, caller.dn());
        Transfer t = ledger.transfer(transferId, from, escrow, amount, "escrow for bid " + bidId, caller.dn());
        return new Receipt(t, receipts.sign(t));
    }

    /**
     * Moves escrowed credits of a bid: to the host owner's account as they are earned, or back to
     * the bidder. Called by the market itself (its own identity), never by users directly.
     */
    public Transfer settle(String transferId, String bidId, String toAccount, AccountKind kind, String ownerDn,
                           Credits amount, String memo, String marketDn) throws BankException {
        String to = ledger.open(toAccount, kind, ownerDn);
        return ledger.transfer(transferId, escrowOf(bidId), to, amount, memo, marketDn);
    }

    public Credits balance(GridIdentity caller) throws BankException {
        return ledger.balance(ledger.open(accountOf(caller.dn()), AccountKind.USER, caller.dn()));
    }

    public List<Ledger.StatementLine> statement(GridIdentity caller, Instant from, Instant to) throws BankException {
        return ledger.statement(ledger.open(accountOf(caller.dn()), AccountKind.USER, caller.dn()), from, to);
    }
}
