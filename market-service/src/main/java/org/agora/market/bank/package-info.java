/**
 * The bank: an account per grid identity, credits minted only by admins, and a double-entry
 * ledger in MariaDB. Every movement of money is a {@link org.agora.market.bank.Transfer} with a
 * client-chosen id, applied at most once, written as two entries that sum to zero, so every
 * balance can be recomputed from the ledger and the sum of all balances is always zero (the mint
 * account holds minus what was minted). Receipts are CMS signatures by the bank's credential that
 * anyone can check offline.
 */
package org.agora.market.bank;
