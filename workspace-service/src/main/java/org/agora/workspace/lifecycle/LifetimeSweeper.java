package org.agora.workspace.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends workspaces when their termination time comes, even if nobody calls: every interval it asks
 * {@link Expiry} to end what is due. Several service replicas may each run one; the database
 * decides which of them destroys a given workspace.
 */
public final class LifetimeSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifetimeSweeper.class);

    private final ScheduledExecutorService timer;

    public LifetimeSweeper(Expiry expiry, Duration interval) {
        this(expiry, interval, () -> { });
    }

    /** @param alsoExpire run after each sweep: other things with a lifetime (notification subscriptions) */
    public LifetimeSweeper(Expiry expiry, Duration interval, Runnable alsoExpire) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workspace-lifetime");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                expiry.expire();
                alsoExpire.run();
            } catch (RuntimeException e) {
                // A database hiccup must not stop future sweeps.
                LOG.warn("event=lifetime.sweep_failed reason=\"{}\"", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
