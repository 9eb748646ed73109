package org.agora.workspace.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.workspace.node.DomainEvents;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeLease;
import org.agora.workspace.node.NodeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each node's liveness reports with the node contract's {@code WatchDomains} long poll, one
 * thread per node, and hands every reported change to {@link Reconciliation#observe}, so a domain
 * that dies is recorded within seconds instead of at the next periodic reconciliation.
 *
 * <p>Where a node's adapter restarted (a new epoch) or the watcher had to reconnect, events may
 * have been missed, so the node is reconciled in full first. An unreachable node is retried with a
 * growing pause, up to half a minute.
 *
 * <p>With several replicas of the service, a node is followed by the replica that holds its
 * {@link NodeLease}; the others try to take it every quarter of the watch time. The holder renews the
 * lease between polls, at most a quarter watch time apart while events keep coming and once per poll
 * otherwise, and the lease lasts one and a half watch times: a replica that dies leaves its nodes
 * unwatched for at most that plus a quarter, less than twice the watch time, and the replica that
 * takes a node over reconciles it first, for the reports it may have missed meanwhile. A replica
 * that can no longer renew (its database unreachable) stops following the node. Each change is
 * also a conditional transition in the database, applied once whoever observed it.
 */
public final class LivenessWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessWatcher.class);
    /** Below the node's own limit and every client receive timeout. */
    public static final Duration WAIT = Duration.ofSeconds(25);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Reconciliation reconciliation;
    private final NodeGateway nodes;
    private final NodeLease lease;
    private final int waitSeconds;
    private final List<Thread> threads = new ArrayList<>();
    /** The nodes this replica follows now, given up on close. */
    private final Set<String> following = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /** Follows every node for as long as the reconciliation's lease on it is held, polling {@link #WAIT} at a time. */
    public LivenessWatcher(Reconciliation reconciliation, NodeGateway nodes) {
        this(reconciliation, nodes, WAIT);
    }

    /**
     * Follows every node, polling {@code wait} at a time (whole seconds, at least one); the lease
     * that {@code reconciliation} acts under, which should last {@link #leaseFor}{@code (wait)}, says
     * which nodes this replica follows.
     */
    public LivenessWatcher(Reconciliation reconciliation, NodeGateway nodes, Duration wait) {
        if (wait.toSeconds() < 1) {
            throw new IllegalArgumentException("a liveness poll waits at least 1 s, not " + wait);
        }
        this.reconciliation = reconciliation;
        this.nodes = nodes;
        this.lease = reconciliation.lease();
        this.waitSeconds = (int) wait.toSeconds();
    }

    /** How long a node lease lasts for watchers polling {@code wait} at a time: one and a half polls. */
    public static Duration leaseFor(Duration wait) {
        return Duration.ofSeconds(wait.toSeconds()).multipliedBy(3).dividedBy(2);
    }

    /** Starts one watching thread per node registered now. */
    public synchronized void start() {
        for (String node : nodes.names()) {
            Thread t = new Thread(() -> follow(node), "liveness-" + node);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void follow(String node) {
        String epoch = null;
        long after = 0;
        boolean missedSome = false;
        boolean held = false;
        long renewedAt = 0;
        Duration pause = Duration.ofMillis(500);
        Duration retakeEvery = Duration.ofSeconds(waitSeconds).dividedBy(4);
        try {
            while (running) {
                if (!held || System.nanoTime() - renewedAt > Duration.ofSeconds(waitSeconds).toNanos() / 4) {
                    boolean holds = lease.claim(node);
                    if (!holds) {
                        if (held) {
                            LOG.warn("event=liveness.lease_lost node={} action=stop_following", node);
                            held = false;
                            following.remove(node);
                            epoch = null;
                        }
                        if (!pauseFor(retakeEvery)) {
                            return;
                        }
                        continue;
                    }
                    renewedAt = System.nanoTime();
                    if (!held) {
                        LOG.info("event=liveness.lease_taken node={} action=follow", node);
                        held = true;
                        following.add(node);
                        // Whatever happened while no replica followed the node is found by reconciling it.
                        missedSome = true;
                    }
                }
                DomainEvents events;
                try {
                    events = nodes.watch(node, epoch, after, epoch == null ? 0 : waitSeconds);
                } catch (NodeUnavailableException | RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("event=liveness.node_unreachable node={} retry_millis={} reason=\"{}\"", node,
                            pause.toMillis(), e.getMessage());
                    missedSome = true;
                    if (!pauseFor(pause)) {
                        return;
                    }
                    pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                    continue;
                }
                pause = Duration.ofMillis(500);
                if (!events.epoch().equals(epoch)) {
                    if (epoch != null || missedSome) {
                        LOG.info("event=liveness.node_restarted node={} epoch={} action=reconcile", node, events.epoch());
                        reconciliation.reconcileNode(node);
                    }
                    // The events held from before this watcher knew the epoch are already in the state
                    // the deployment or reconciliation recorded: only what comes after is news.
                    epoch = events.epoch();
                    after = events.lastSequence();
                    missedSome = false;
                    continue;
                }
                try {
                    if (missedSome) {
                        reconciliation.reconcileNode(node);
                        missedSome = false;
                    }
                    for (DomainEvents.Event e : events.events()) {
                        boolean changed = reconciliation.observe(node, e.workspaceId(), e.observed(), e.cause());
                        LOG.debug("event=liveness.reported node={} workspace={} observed={} changed={} cause=\"{}\"",
                                node, e.workspaceId(), e.observed().map(Enum::name).orElse("ABSENT"), changed, e.cause());
                    }
                } catch (RuntimeException e) {
                    // The database failed under the report: reconciling the node once it answers again covers it.
                    LOG.warn("event=liveness.record_failed node={} reason=\"{}\"", node, e.getMessage());
                    missedSome = true;
                    if (!pauseFor(pause)) {
                        return;
                    }
                    continue;
                }
                after = events.lastSequence();
            }
        } finally {
            if (held && following.remove(node)) {
                lease.release(node);
            }
        }
    }

    private boolean pauseFor(Duration d) {
        synchronized (this) {
            try {
                if (running) {
                    wait(d.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return running;
        }
    }

    /** Whether the watcher is following any node (for tests and start-up logs). */
    public synchronized int nodesFollowed() {
        return threads.size();
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        // Given up here, not only by the threads: a thread may be inside a long poll for a while.
        for (String node : List.copyOf(following)) {
            if (following.remove(node)) {
                lease.release(node);
            }
        }
    }
}
