package org.agora.workspace.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the database with every node's libvirt at an interval, not only at start-up: a node
 * restarted behind the service's back, or a domain killed by an admin, is noticed within one
 * interval and its workspace recorded as it really is.
 */
public final class PeriodicReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicReconciler.class);

    private final ScheduledExecutorService timer;

    public PeriodicReconciler(Reconciliation reconciliation, Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workspace-reconcile");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                reconciliation.reconcile();
            } catch (RuntimeException e) {
                LOG.warn("event=reconcile.failed reason=\"{}\"", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
