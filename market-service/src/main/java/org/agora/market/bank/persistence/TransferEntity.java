package org.agora.market.bank.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code bank_transfer}: its primary key is the client's transfer id. */
@Entity
@Table(name = "bank_transfer")
public class TransferEntity {
    @Id
    @Column(length = 128)
    String id;
    @Column(name = "from_account", nullable = false, length = 160)
    String fromAccount;
    @Column(name = "to_account", nullable = false, length = 160)
    String toAccount;
    @Column(nullable = false)
    long amount;
    @Column(length = 512)
    String memo;
    @Column(name = "requested_by", nullable = false, length = 512)
    String requestedBy;
    @Column(name = "applied_at", nullable = false)
    Instant appliedAt;

    protected TransferEntity() {
    }
}
