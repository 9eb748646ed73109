package org.agora.adapter.liveness;

import java.time.Duration;

/**
 * Decides whether a running guest is ready: its services are up, not merely its domain. The
 * {@link LivenessMonitor} asks a running guest that is not ready yet once per check, on a probe
 * thread of its own, so a slow probe delays no death being noticed.
 *
 * <p>Contract for implementations: {@link #probe} returns within a bounded time (each has its own
 * timeout) and never throws; a guest that cannot be asked (no address known, port closed, console
 * not yet written) is simply not ready yet, with the reason in the verdict. Probes hold no state
 * about workspaces and may be called for several workspaces at once.
 */
public interface ReadinessProbe {
    /**
     * One probe's answer.
     *
     * @param detail what was seen, for the domain event log ("ready: " + detail) and the adapter's
     *        log; stable text without timings, since a not-ready reason is logged when it changes
     */
    record Verdict(boolean ready, String detail) {
        public static Verdict ready(String detail) {
            return new Verdict(true, detail);
        }

        public static Verdict notYet(String detail) {
            return new Verdict(false, detail);
        }
    }

    /** Whether the workspace's guest is ready now. */
    Verdict probe(String workspaceId);

    /** The probe as configured, in the words of {@code agora.adapter.readiness} ("tcp:22", "console marker 'X'"). */
    String describe();

    /**
     * A network probe's timeout in milliseconds, checked: positive and at most a minute.
     *
     * @param kind the probe, as errors name it ("ping", "TCP")
     */
    static int timeoutMillis(Duration timeout, String kind) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > 60_000) {
            throw new IllegalArgumentException("a " + kind + " readiness probe's timeout must be positive and at most a "
                    + "minute, not " + timeout);
        }
        return (int) Math.max(1, timeout.toMillis());
    }
}
