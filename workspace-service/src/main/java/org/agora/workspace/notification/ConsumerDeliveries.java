package org.agora.workspace.notification;

import org.agora.workspace.model.Subscription;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to consumers, one first-in first-out queue per consumer address. A consumer
 * hears its changes in the order they were handed in; one that does not answer holds up its own
 * queue only, and at most one delivery thread while a send to it is on the wire. A failed send is
 * tried again after a pause during which no thread waits for it (so other consumers go on), up to
 * {@value #ATTEMPTS} times in all; then that change is skipped for that subscription and the
 * consumer's next change is tried. A consumer more than {@value #MAX_PENDING} changes behind loses
 * the newest ones (logged), so a dead consumer cannot fill the service's memory.
 */
final class ConsumerDeliveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerDeliveries.class);
    static final int ATTEMPTS = 3;
    static final int MAX_PENDING = 1024;
    private static final long FIRST_PAUSE_MILLIS = 200;

    private record Pending(Subscription subscription, Workspace after, WorkspaceState from) {
    }

    /** One consumer's changes not yet delivered; the head is the one being sent or waiting to be retried. */
    private static final class Queue {
        final String address;
        final Deque<Pending> pending = new ArrayDeque<>();
        int failures;

        Queue(String address) {
            this.address = address;
        }
    }

    private final NotificationSender sender;
    private final ExecutorService senders;
    private final ScheduledExecutorService pauses;
    /** Queues with work, by consumer address; a queue leaves the map when it runs empty. Guarded by this. */
    private final Map<String, Queue> queues = new HashMap<>();

    ConsumerDeliveries(NotificationSender sender, int threads) {
        this.sender = sender;
        this.senders = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "notification-delivery");
            t.setDaemon(true);
            return t;
        });
        this.pauses = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notification-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues one change for one subscription's consumer. */
    void offer(Subscription subscription, Workspace after, WorkspaceState from) {
        Pending p = new Pending(subscription, after, from);
        Queue started;
        synchronized (this) {
            Queue q = queues.get(subscription.consumerAddress());
            if (q != null) {
                if (q.pending.size() >= MAX_PENDING) {
                    LOG.warn("event=notification.dropped subscription={} workspace={} state={} consumer={} "
                            + "reason=\"the consumer is {} changes behind\"", subscription.id(), after.id(),
                            after.state(), subscription.consumerAddress(), q.pending.size());
                    return;
                }
                q.pending.add(p);
                return;
            }
            started = new Queue(subscription.consumerAddress());
            started.pending.add(p);
            queues.put(started.address, started);
        }
        schedule(started);
    }

    private void schedule(Queue q) {
        try {
            senders.execute(() -> sendHead(q));
        } catch (RejectedExecutionException closed) {
            abandon(q);
        }
    }

    private void sendHead(Queue q) {
        Pending head;
        synchronized (this) {
            head = q.pending.peek();
            if (head == null) {
                queues.remove(q.address);
                notifyAll();
                return;
            }
        }
        Subscription s = head.subscription();
        try {
            sender.send(s, head.after(), head.from());
            LOG.debug("event=notification.sent subscription={} workspace={} state={} consumer={}", s.id(),
                    head.after().id(), head.after().state(), s.consumerAddress());
            next(q);
        } catch (NotificationSender.DeliveryException | RuntimeException e) {
            int attempt;
            synchronized (this) {
                attempt = ++q.failures;
            }
            LOG.warn("event=notification.failed subscription={} workspace={} state={} consumer={} attempt={} "
                    + "reason=\"{}\"", s.id(), head.after().id(), head.after().state(), s.consumerAddress(), attempt,
                    e.getMessage());
            if (attempt >= ATTEMPTS) {
                next(q);
                return;
            }
            try {
                // The pause holds no thread: other consumers' queues use the senders meanwhile.
                pauses.schedule(() -> schedule(q), FIRST_PAUSE_MILLIS << (attempt - 1), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                abandon(q);
            }
        }
    }

    /** Drops the head (sent, or given up on) and goes on with the next change in a task of its own. */
    private void next(Queue q) {
        synchronized (this) {
            q.pending.poll();
            q.failures = 0;
        }
        schedule(q);
    }

    private void abandon(Queue q) {
        synchronized (this) {
            if (!q.pending.isEmpty()) {
                LOG.warn("event=notification.abandoned consumer={} changes={} reason=\"the service is stopping\"",
                        q.address, q.pending.size());
            }
            queues.remove(q.address, q);
            notifyAll();
        }
    }

    /** Waits up to {@code grace} for the queues to empty, then stops. */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            long left;
            while (!queues.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!queues.isEmpty()) {
                LOG.warn("event=notification.undelivered_at_stop consumers={}", queues.keySet());
            }
        }
        pauses.shutdownNow();
        senders.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
