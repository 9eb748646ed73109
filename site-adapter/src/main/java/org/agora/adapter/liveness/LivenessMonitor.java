package org.agora.adapter.liveness;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.storage.StorageBackend;
import org.agora.adapter.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the node's Agora domains and acts when one dies. Each check compares what libvirt runs
 * with what the previous check saw: a domain that crashed is removed with its storage, one that
 * vanished behind the adapter's back (an admin's {@code virsh undefine}) has its storage released,
 * and every change is recorded in the {@link DomainEventLog} for the workspace service.
 *
 * <p>libvirt's lifecycle events only wake the checker early; the periodic check is what finds
 * every change, so a missed or undelivered event (drivers without events, a reconnect) costs at
 * most one poll interval. Domains the adapter removes itself are announced with
 * {@link #removing(String)} so their disappearance is not taken for a death.
 */
public final class LivenessMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessMonitor.class);

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final DomainEventLog log;
    private final Duration interval;
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private volatile String readinessMarker;
    private final Object wakeUp = new Object();
    private Map<String, DomainState> seen = new HashMap<>();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    public LivenessMonitor(Hypervisor hypervisor, StorageBackend storage, DomainEventLog log, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the liveness poll interval must be positive, not " + interval);
        }
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.log = log;
        this.interval = interval;
    }

    public DomainEventLog log() {
        return log;
    }

    /**
     * A running guest is ready once {@code marker} appears on its serial console (null or empty: as
     * soon as it runs). The marker is what the site's images print when their services are up.
     */
    public void readinessMarker(String marker) {
        this.readinessMarker = marker == null || marker.isEmpty() ? null : marker;
    }

    /** Whether the workspace's guest is ready (see {@link #readinessMarker}), as of the last check. */
    public boolean isReady(String workspaceId) {
        return ready.contains(workspaceId);
    }

    /** Takes the current domains as the starting point and begins watching. */
    public synchronized void start() throws HypervisorException {
        if (running) {
            return;
        }
        seen = snapshot();
        running = true;
        hypervisor.onLifecycleEvent(this::wake);
        thread = new Thread(this::watch, "liveness-monitor");
        thread.setDaemon(true);
        thread.start();
        LOG.info("event=liveness.started domains={} poll_millis={} epoch={}", seen.size(), interval.toMillis(),
                log.epoch());
    }

    /** The adapter is about to remove this workspace's domain itself: its disappearance is expected. */
    public void removing(String workspaceId) {
        removing.add(workspaceId);
    }

    /** Asks for a check now (libvirt reported a lifecycle event). */
    public void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void watch() {
        while (running) {
            synchronized (wakeUp) {
                long deadline = System.nanoTime() + interval.toNanos();
                long left;
                while (!woken && running && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        wakeUp.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
            if (!running) {
                return;
            }
            try {
                check();
            } catch (HypervisorException | RuntimeException e) {
                LOG.warn("event=liveness.check_failed reason=\"{}\"", e.getMessage());
            }
        }
    }

    /** Compares libvirt with the previous check, acts on deaths and records every change; returns how many. */
    public synchronized int check() throws HypervisorException {
        Map<String, DomainState> now = snapshot();
        int changes = 0;
        for (Map.Entry<String, DomainState> before : seen.entrySet()) {
            String id = before.getKey();
            if (!now.containsKey(id)) {
                changes++;
                if (removing.remove(id)) {
                    log.record(id, DomainState.ABSENT, "removed by the adapter at the service's request");
                } else {
                    vanished(id, before.getValue());
                }
            }
        }
        for (Map.Entry<String, DomainState> current : now.entrySet()) {
            String id = current.getKey();
            DomainState state = current.getValue();
            DomainState before = seen.get(id);
            if (state == before) {
                continue;
            }
            changes++;
            if (state == DomainState.CRASHED) {
                crashed(id);
                now.put(id, DomainState.ABSENT);
            } else {
                log.record(id, state, before == null ? "domain appeared " + describe(state)
                        : "domain went from " + describe(before) + " to " + describe(state));
            }
        }
        now.values().removeIf(s -> s == DomainState.ABSENT);
        ready.retainAll(now.keySet());
        for (Map.Entry<String, DomainState> current : now.entrySet()) {
            if (current.getValue() == DomainState.RUNNING && !ready.contains(current.getKey())
                    && readyNow(current.getKey())) {
                ready.add(current.getKey());
                changes++;
                log.record(current.getKey(), DomainState.RUNNING, readinessMarker == null ? "ready: running"
                        : "ready: '" + readinessMarker + "' appeared on the console");
            }
        }
        // An announced removal of a domain this monitor never saw has nothing left to explain.
        removing.removeIf(id -> !now.containsKey(id) && !seen.containsKey(id));
        seen = now;
        return changes;
    }

    private void vanished(String id, DomainState last) {
        String cleaned = release(id);
        LOG.warn("event=liveness.domain_vanished workspace={} last_state={} storage=\"{}\"", id, last, cleaned);
        log.record(id, DomainState.ABSENT, "domain vanished from libvirt (last seen " + describe(last)
                + ") without the adapter removing it; " + cleaned);
    }

    private void crashed(String id) {
        String removed;
        try {
            removing.add(id);
            hypervisor.destroy(id);
            removed = "domain removed, " + release(id);
        } catch (HypervisorException e) {
            removed = "the domain could not be removed (" + e.getMessage() + ")";
        } finally {
            removing.remove(id);
        }
        LOG.warn("event=liveness.domain_crashed workspace={} cleanup=\"{}\"", id, removed);
        log.record(id, DomainState.ABSENT, "domain crashed; " + removed);
    }

    private boolean readyNow(String id) {
        String marker = readinessMarker;
        if (marker == null) {
            return true;
        }
        java.nio.file.Path console = storage.consoleLog(id);
        try {
            // Consoles of booting guests are small; a guest that floods its console past 4 MiB before
            // printing the marker is read from its last 4 MiB.
            long size = java.nio.file.Files.exists(console) ? java.nio.file.Files.size(console) : 0;
            if (size == 0) {
                return false;
            }
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(console.toFile(), "r")) {
                long from = Math.max(0, size - (4L << 20));
                byte[] tail = new byte[(int) (size - from)];
                f.seek(from);
                f.readFully(tail);
                return new String(tail, java.nio.charset.StandardCharsets.UTF_8).contains(marker);
            }
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private String release(String id) {
        try {
            storage.release(id);
            return "storage released";
        } catch (StorageException e) {
            return "storage could not be released (" + e.getMessage() + ")";
        }
    }

    private Map<String, DomainState> snapshot() throws HypervisorException {
        Map<String, DomainState> states = new HashMap<>();
        for (DomainStatus d : hypervisor.agoraDomains()) {
            states.put(d.workspaceId(), d.state());
        }
        return states;
    }

    private static String describe(DomainState s) {
        return s.name().toLowerCase().replace('_', ' ');
    }

    @Override
    public void close() {
        running = false;
        log.close();
        wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
