package org.agora.workspace.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agora.workspace.node.DomainEvents;
import org.agora.workspace.node.NodeGateway;
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
 * growing pause, up to half a minute. Replicas of the service may all watch: each change is a
 * conditional transition in the database, applied once.
 */
public final class LivenessWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessWatcher.class);
    /** Below the node's own limit and every client receive timeout. */
    static final int WAIT_SECONDS = 25;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Reconciliation reconciliation;
    private final NodeGateway nodes;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public LivenessWatcher(Reconciliation reconciliation, NodeGateway nodes) {
        this.reconciliation = reconciliation;
        this.nodes = nodes;
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
        Duration pause = Duration.ofMillis(500);
        while (running) {
            DomainEvents events;
            try {
                events = nodes.watch(node, epoch, after, epoch == null ? 0 : WAIT_SECONDS);
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
            if (missedSome) {
                reconciliation.reconcileNode(node);
                missedSome = false;
            }
            for (DomainEvents.Event e : events.events()) {
                boolean changed = reconciliation.observe(node, e.workspaceId(), e.observed(), e.cause());
                LOG.debug("event=liveness.reported node={} workspace={} observed={} changed={} cause=\"{}\"", node,
                        e.workspaceId(), e.observed().map(Enum::name).orElse("ABSENT"), changed, e.cause());
            }
            after = events.lastSequence();
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
    }
}
