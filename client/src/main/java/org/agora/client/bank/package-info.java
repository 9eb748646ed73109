/** A client of the market's bank: balances, transfers with retry-safe ids, statements, receipts. */
package org.agora.client.bank;
