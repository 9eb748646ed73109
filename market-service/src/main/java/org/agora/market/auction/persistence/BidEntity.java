package org.agora.market.auction.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.agora.market.auction.Bid;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code market_bid}. */
@Entity
@Table(name = "market_bid")
public class BidEntity {
    @Id
    @Column(length = 64)
    String id;
    @Column(name = "bidder_dn", nullable = false, length = 512)
    String bidderDn;
    @Column(nullable = false)
    String host;
    @Column(name = "host_owner_dn", nullable = false, length = 512)
    String hostOwnerDn;
    @Column(name = "workspace_id", length = 36)
    String workspaceId;
    @Column(nullable = false)
    long escrowed;
    @Column(nullable = false)
    long charged;
    @Column(name = "window_start", nullable = false)
    Instant windowStart;
    @Column(name = "window_end", nullable = false)
    Instant windowEnd;
    @Column(name = "charged_until", nullable = false)
    Instant chargedUntil;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 8)
    Bid.State state;
    /** Micro-credits per second from charged_until to window_end; 0 once ended. */
    @Column(nullable = false)
    double rate;
    /**
     * The rate as counted in the host's {@code market_host.bid_rate_total}: nano-credits per second,
     * rounded; 0 once ended. Kept so a change can take back exactly what it added.
     */
    @Column(name = "priced_rate", nullable = false)
    long pricedRate;
    @Version
    long version;

    protected BidEntity() {
    }
}
