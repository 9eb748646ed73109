package org.agora.adapter.liveness;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A running guest becomes ready when its {@link ReadinessProbe} says so. Probes run on a small
 * pool of their own, at most one at a time per guest, so a guest that does not answer delays
 * neither the check nor the probes of other guests; a probe still running is not started again.
 */
public final class LivenessMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessMonitor.class);

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final DomainEventLog log;
    private final Duration interval;
    /** Probes waiting on slow guests run side by side; four keep a node of booting guests moving. */
    private static final int PROBE_THREADS = 4;
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Map<String, String> notReadyBecause = new ConcurrentHashMap<>();
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor probes;
    private volatile ReadinessProbe readiness = new RunningProbe();
    private final Object wakeUp = new Object();
    private Map<String, DomainState> seen = new HashMap<>();
    private boolean woken;
    private volatile boolean running;
    private volatile boolean closed;
    private Thread thread;

    public LivenessMonitor(Hypervisor hypervisor, StorageBackend storage, DomainEventLog log, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the liveness poll interval must be positive, not " + interval);
        }
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.log = log;
        this.interval = interval;
        AtomicInteger threads = new AtomicInteger();
        // Threads exist only while probes run: a monitor that is never started holds none.
        this.probes = new ThreadPoolExecutor(PROBE_THREADS, PROBE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "readiness-probe-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.probes.allowCoreThreadTimeOut(true);
    }

    public DomainEventLog log() {
        return log;
    }

    /** How running guests are found ready from now on (by default: as soon as they run). */
    public void readinessProbe(ReadinessProbe probe) {
        this.readiness = java.util.Objects.requireNonNull(probe, "probe");
    }

    /**
     * A running guest is ready once {@code marker} appears on its serial console (null or empty: as
     * soon as it runs). The marker is what the site's images print when their services are up.
     */
    public void readinessMarker(String marker) {
        readinessProbe(marker == null || marker.isEmpty() ? new RunningProbe() : new ConsoleMarkerProbe(storage, marker));
    }

    /** The readiness probe in use. */
    public ReadinessProbe readinessProbe() {
        return readiness;
    }

    /** Whether the workspace's guest is ready (see {@link #readinessProbe}), as of its last probe. */
    public boolean isReady(String workspaceId) {
        return ready.contains(workspaceId);
    }

    /**
     * Why the workspace's running guest is not ready, as its last probe said; empty when it is ready,
     * not running, or not probed yet.
     */
    public Optional<String> notReadyBecause(String workspaceId) {
        return Optional.ofNullable(notReadyBecause.get(workspaceId));
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

    /**
     * Compares libvirt with the previous check, acts on deaths and records every change; returns how
     * many. Running guests not ready yet are handed to the readiness probe, whose answer is recorded
     * when it comes.
     */
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
        notReadyBecause.keySet().retainAll(now.keySet());
        for (Map.Entry<String, DomainState> current : now.entrySet()) {
            if (current.getValue() == DomainState.RUNNING && !ready.contains(current.getKey())) {
                startProbe(current.getKey());
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

    private void startProbe(String id) {
        if (closed || !probing.add(id)) {
            return;
        }
        ReadinessProbe probe = readiness;
        try {
            probes.execute(() -> {
                ReadinessProbe.Verdict verdict;
                try {
                    verdict = probe.probe(id);
                } catch (RuntimeException e) {
                    verdict = ReadinessProbe.Verdict.notYet(probe.describe() + " failed: " + e);
                }
                probed(id, probe, verdict);
            });
        } catch (RejectedExecutionException stopping) {
            probing.remove(id);
        }
    }

    /** A probe's answer: recorded when the guest is still running as the checks last saw it. */
    private synchronized void probed(String id, ReadinessProbe probe, ReadinessProbe.Verdict verdict) {
        probing.remove(id);
        if (seen.get(id) != DomainState.RUNNING || closed) {
            return;
        }
        if (verdict.ready()) {
            if (ready.add(id)) {
                notReadyBecause.remove(id);
                LOG.info("event=readiness.ready workspace={} probe=\"{}\" detail=\"{}\"", id, probe.describe(),
                        verdict.detail());
                log.record(id, DomainState.RUNNING, "ready: " + verdict.detail());
            }
        } else if (!verdict.detail().equals(notReadyBecause.put(id, verdict.detail()))) {
            // Once per reason, not per probe: a guest booting for minutes would fill the log.
            LOG.info("event=readiness.not_yet workspace={} probe=\"{}\" reason=\"{}\"", id, probe.describe(),
                    verdict.detail());
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
        closed = true;
        probes.shutdownNow();
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
