package org.agora.workspace.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.workspace.notification.Subscription;
import org.agora.workspace.notification.Topic;
import org.hibernate.SessionFactory;

/** Stores notification subscriptions; rows are deleted when a subscription ends. */
public final class SubscriptionRepository {
    private final SessionFactory sessions;

    public SubscriptionRepository(SessionFactory sessions) {
        this.sessions = sessions;
    }

    public void insert(Subscription s) {
        SubscriptionEntity e = new SubscriptionEntity();
        e.id = s.id();
        e.workspaceId = s.workspaceId();
        e.subscriberDn = s.subscriberDn();
        e.consumerAddress = s.consumerAddress();
        e.consumerReference = s.consumerReference();
        e.topic = s.topic().localName();
        e.createdAt = s.createdAt();
        e.terminationTime = s.terminationTime();
        sessions.inTransaction(session -> session.persist(e));
    }

    public Optional<Subscription> find(String id) {
        return Optional.ofNullable(sessions.fromSession(s -> s.find(SubscriptionEntity.class, id))).map(this::snapshot);
    }

    /** The workspace's subscriptions still within their termination time. */
    public List<Subscription> liveFor(String workspaceId, Instant now) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from SubscriptionEntity where workspaceId = :w and terminationTime > :now order by createdAt",
                        SubscriptionEntity.class)
                .setParameter("w", workspaceId)
                .setParameter("now", now)
                .getResultList()).stream().map(this::snapshot).toList();
    }

    /** Moves a subscription's termination time; empty when it no longer exists. */
    public Optional<Subscription> renew(String id, Instant terminationTime) {
        return sessions.fromTransaction(s -> {
            SubscriptionEntity e = s.find(SubscriptionEntity.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return Optional.<Subscription>empty();
            }
            e.terminationTime = terminationTime;
            return Optional.of(snapshot(e));
        });
    }

    /** Deletes a subscription; false when there was none. */
    public boolean delete(String id) {
        return sessions.fromTransaction(s -> s.createMutationQuery("delete from SubscriptionEntity where id = :id")
                .setParameter("id", id).executeUpdate()) > 0;
    }

    /** Deletes every subscription to a workspace (it has ended and its end was notified). */
    public int deleteFor(String workspaceId) {
        return sessions.fromTransaction(s -> s.createMutationQuery(
                "delete from SubscriptionEntity where workspaceId = :w").setParameter("w", workspaceId).executeUpdate());
    }

    /** Deletes subscriptions whose termination time has passed. */
    public int deleteExpired(Instant now) {
        return sessions.fromTransaction(s -> s.createMutationQuery(
                "delete from SubscriptionEntity where terminationTime <= :now").setParameter("now", now).executeUpdate());
    }

    private Subscription snapshot(SubscriptionEntity e) {
        return new Subscription(e.id, e.workspaceId, e.subscriberDn, e.consumerAddress, e.consumerReference,
                Topic.byLocalName(e.topic).orElse(Topic.WORKSPACE_STATE_CHANGE), e.createdAt, e.terminationTime);
    }
}
