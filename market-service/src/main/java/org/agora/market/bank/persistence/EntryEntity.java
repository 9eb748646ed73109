package org.agora.market.bank.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code bank_entry}: one side of a transfer, signed (debits negative). */
@Entity
@Table(name = "bank_entry")
public class EntryEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "transfer_id", nullable = false, length = 128)
    String transferId;
    @Column(name = "account_id", nullable = false, length = 160)
    String accountId;
    @Column(nullable = false)
    long amount;
    @Column(name = "balance_after", nullable = false)
    long balanceAfter;
    @Column(name = "applied_at", nullable = false)
    Instant appliedAt;

    protected EntryEntity() {
    }

    EntryEntity(String transferId, String accountId, long amount, long balanceAfter, Instant appliedAt) {
        this.transferId = transferId;
        this.accountId = accountId;
        this.amount = amount;
        this.balanceAfter = balanceAfter;
        this.appliedAt = appliedAt;
    }
}
