package org.agora.workspace.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.Subscription;
import org.agora.workspace.model.Topic;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Stores notification subscriptions; rows are deleted when a subscription ends. Every change also
 * advances the workspace's {@code subscription_revision} in the same transaction (see
 * {@link org.agora.workspace.model.Workspace#subscriptionRevision()}); expiry alone does not, as an
 * expired subscription is recognised by its termination time wherever it is remembered.
 */
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
        sessions.inTransaction(session -> {
            session.persist(e);
            advanceRevision(session, s.workspaceId());
        });
    }

    public Optional<Subscription> find(String id) {
        return Optional.ofNullable(sessions.fromSession(s -> s.find(SubscriptionEntity.class, id))).map(this::snapshot);
    }

    /** Every subscription to the workspace, expired or not, oldest first. */
    public List<Subscription> allFor(String workspaceId) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from SubscriptionEntity where workspaceId = :w order by createdAt", SubscriptionEntity.class)
                .setParameter("w", workspaceId)
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
            advanceRevision(s, e.workspaceId);
            return Optional.of(snapshot(e));
        });
    }

    /** Deletes a subscription; false when there was none. */
    public boolean delete(String id) {
        return sessions.fromTransaction(s -> {
            SubscriptionEntity e = s.find(SubscriptionEntity.class, id);
            if (e == null) {
                return false;
            }
            advanceRevision(s, e.workspaceId);
            return s.createMutationQuery("delete from SubscriptionEntity where id = :id")
                    .setParameter("id", id).executeUpdate() > 0;
        });
    }

    /** Deletes every subscription to a workspace (it has ended and its end was notified). */
    public int deleteFor(String workspaceId) {
        return sessions.fromTransaction(s -> {
            advanceRevision(s, workspaceId);
            return s.createMutationQuery("delete from SubscriptionEntity where workspaceId = :w")
                    .setParameter("w", workspaceId).executeUpdate();
        });
    }

    /** Deletes subscriptions whose termination time has passed. */
    public int deleteExpired(Instant now) {
        return sessions.fromTransaction(s -> s.createMutationQuery(
                "delete from SubscriptionEntity where terminationTime <= :now").setParameter("now", now).executeUpdate());
    }

    /** Native SQL: the column is not writable through the entity (see WorkspaceEntity). */
    private static void advanceRevision(Session s, String workspaceId) {
        s.createNativeMutationQuery("update workspace set subscription_revision = subscription_revision + 1 where id = :w")
                .setParameter("w", workspaceId).executeUpdate();
    }

    private Subscription snapshot(SubscriptionEntity e) {
        return new Subscription(e.id, e.workspaceId, e.subscriberDn, e.consumerAddress, e.consumerReference,
                Topic.byLocalName(e.topic).orElse(Topic.WORKSPACE_STATE_CHANGE), e.createdAt, e.terminationTime);
    }
}
