package org.agora.workspace.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code subscription}: where to send a workspace's notifications, and until when. */
@Entity
@Table(name = "subscription")
public class SubscriptionEntity {
    @Id
    @Column(length = 36)
    String id;
    @Column(name = "workspace_id", nullable = false, length = 36)
    String workspaceId;
    @Column(name = "subscriber_dn", nullable = false, length = 512)
    String subscriberDn;
    @Column(name = "consumer_address", nullable = false, length = 2048)
    String consumerAddress;
    @Column(name = "consumer_reference", nullable = false, columnDefinition = "TEXT")
    String consumerReference;
    @Column(nullable = false, length = 32)
    String topic;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "termination_time", nullable = false)
    Instant terminationTime;

    protected SubscriptionEntity() {
    }
}
