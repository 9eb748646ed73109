/** Bids on MariaDB, charged together with the ledger in one transaction. */
package org.agora.market.auction.persistence;
