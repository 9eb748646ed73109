package org.agora.workspace.accounting;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.agora.workspace.model.StateChange;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;

/**
 * What one workspace used, for accounting: who, when, how long, how much CPU, what it cost.
 *
 * @param start when it was first deployed (null if it never was)
 * @param end when it ended or failed (null while it runs)
 * @param suspended time spent Paused
 * @param cpuSeconds CPU time from the node's hypervisor (live), as last reported when it ended, or null
 *     when no node could say or what it said cannot be true (see {@link #plausibleCpuSeconds})
 * @param charge credits its market bid was charged, or null when it had no bid
 * @param gridJobId the grid job it ran (e.g. a GRAM job contact), or null
 */
public record UsageRecord(String workspaceId, String owner, List<String> fqans, String status, Instant start,
                          Instant end, Duration wall, Duration suspended, Double cpuSeconds, BigDecimal charge,
                          String node, int vcpus, int memoryMiB, int diskMiB, String image, String gridJobId) {

    /** The record of {@code w} from its state history, at {@code now}. */
    public static UsageRecord of(Workspace w, List<StateChange> history, Instant now, Double cpuSeconds,
                                 BigDecimal charge) {
        Instant start = null;
        Instant end = null;
        Instant pausedSince = null;
        Duration suspended = Duration.ZERO;
        for (StateChange c : history) {
            boolean ends = c.to().isTerminal() || c.to() == WorkspaceState.CORRUPTED;
            if (start == null && c.to() != WorkspaceState.UNPROPAGATED && !ends) {
                start = c.at();
            }
            if (pausedSince != null && c.to() != WorkspaceState.PAUSED) {
                suspended = suspended.plus(Duration.between(pausedSince, c.at()));
                pausedSince = null;
            }
            if (c.to() == WorkspaceState.PAUSED && pausedSince == null) {
                pausedSince = c.at();
            }
            if (ends && end == null) {
                end = c.at();
            }
        }
        if (pausedSince != null && end == null) {
            suspended = suspended.plus(Duration.between(pausedSince, now));
        }
        Duration wall = start == null ? Duration.ZERO : Duration.between(start, end != null ? end : now);
        String status = end != null ? "completed" : w.state() == WorkspaceState.PAUSED ? "suspended" : "started";
        return new UsageRecord(w.id(), w.owner(), w.ownerFqans(), status, start, end, wall, suspended,
                plausibleCpuSeconds(cpuSeconds, wall, w.vcpus()), charge, w.node(), w.vcpus(), w.memoryMiB(), w.diskMiB(),
                w.image(), w.gridJobId());
    }

    /**
     * The hypervisor's CPU time, or null when it is more than the workspace could have used: all its
     * vCPUs busy for its whole wall time, plus one more CPU for the emulator's own threads and ten
     * seconds for a short life. Such a figure is not a measurement (libvirt's test driver, as on the
     * demo, reports the time of day), and accounting records go on to the grid's accounting, where
     * "unknown" is honest and 57 years of CPU is not.
     */
    static Double plausibleCpuSeconds(Double cpuSeconds, Duration wall, int vcpus) {
        if (cpuSeconds == null) {
            return null;
        }
        double most = wall.toMillis() / 1000.0 * (vcpus + 1) + 10;
        return cpuSeconds >= 0 && cpuSeconds <= most ? cpuSeconds : null;
    }
}
