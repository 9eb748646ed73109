package org.agora.market.bank;

/** What an account is for. Only the mint may go below zero: it holds minus what was minted. */
public enum AccountKind {
    /** The source of every credit; its balance is minus the credits in circulation. */
    MINT,
    /** A grid identity's spendable credits. */
    USER,
    /** Credits held for a bid until they are charged to a host owner or returned. */
    ESCROW,
    /** What a host's owner has earned from bids on it. */
    HOST
}
