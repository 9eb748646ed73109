package org.agora.market.bank.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.agora.market.bank.AccountKind;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code bank_account}. */
@Entity
@Table(name = "bank_account")
public class AccountEntity {
    @Id
    @Column(length = 160)
    String id;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 8)
    AccountKind kind;
    @Column(name = "owner_dn", length = 512)
    String ownerDn;
    @Column(nullable = false)
    long balance;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected AccountEntity() {
    }
}
