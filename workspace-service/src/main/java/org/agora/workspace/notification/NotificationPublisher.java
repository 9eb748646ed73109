package org.agora.workspace.notification;

import org.agora.workspace.model.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.persistence.SubscriptionRepository;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every committed state change to the consumers subscribed to that workspace. Delivery runs
 * off the caller's thread; changes of one workspace go through one lane, which finds who is
 * subscribed and hands each change to that consumer's queue ({@link ConsumerDeliveries}), so each
 * consumer hears a workspace's changes in the order they happened. The lane never waits for a
 * consumer: one that does not answer delays its own notifications, not other consumers' nor other
 * workspaces'. A consumer that cannot be reached is tried a few times and then skipped for that
 * change (the subscription stays: the next change is tried again). Once a workspace's end has been
 * handed out, its subscriptions are removed.
 *
 * <p>Who is subscribed is read from the database only when the workspace's subscription revision
 * has moved since this replica last read it; a workspace nobody ever subscribed to costs no query.
 */
public final class NotificationPublisher implements WorkspaceRepository.TransitionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationPublisher.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final SubscriptionRepository subscriptions;
    private final Clock clock;
    private final ExecutorService[] lanes;
    private final ConsumerDeliveries deliveries;
    private final SubscriptionCache cache = new SubscriptionCache(4096);

    /**
     * @param lanes how many workspaces' changes are looked up in parallel, and how many consumers
     *     are sent to at once
     */
    public NotificationPublisher(SubscriptionRepository subscriptions, NotificationSender sender, Clock clock, int lanes) {
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.deliveries = new ConsumerDeliveries(sender, lanes);
        this.lanes = new ExecutorService[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "notification-lane");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public void transitioned(Workspace after, WorkspaceState from) {
        lanes[Math.floorMod(after.id().hashCode(), lanes.length)].execute(() -> deliver(after, from));
    }

    private void deliver(Workspace after, WorkspaceState from) {
        List<Subscription> all;
        try {
            all = subscriptionsOf(after);
        } catch (RuntimeException e) {
            LOG.warn("event=notification.lookup_failed workspace={} reason=\"{}\"", after.id(), e.getMessage());
            return;
        }
        Instant now = clock.instant();
        for (Subscription s : all) {
            if (s.terminationTime().isAfter(now) && s.topic().covers(after.state())) {
                deliveries.offer(s, after, from);
            }
        }
        if (after.state().isTerminal() && !all.isEmpty()) {
            int removed = subscriptions.deleteFor(after.id());
            cache.forget(after.id());
            LOG.info("event=subscription.ended_with_workspace workspace={} subscriptions={}", after.id(), removed);
        }
    }

    private List<Subscription> subscriptionsOf(Workspace w) {
        if (w.subscriptionRevision() == 0) {
            return List.of();
        }
        return cache.at(w.id(), w.subscriptionRevision()).orElseGet(() -> {
            List<Subscription> read = subscriptions.allFor(w.id());
            cache.remember(w.id(), w.subscriptionRevision(), read);
            return read;
        });
    }

    /** Removes subscriptions past their termination time; returns how many. */
    public int purgeExpired() {
        return subscriptions.deleteExpired(clock.instant());
    }

    /** Lets notifications already queued go out, for up to ten seconds. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deliveries.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}
