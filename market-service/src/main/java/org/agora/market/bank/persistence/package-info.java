/** The ledger on MariaDB through Hibernate: accounts, transfers and entries, and the locking that keeps them exact. */
package org.agora.market.bank.persistence;
