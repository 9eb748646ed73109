package org.agora.workspace.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A caller's usage, as Nimbus reported it: wall time used (from each workspace's first deployment
 * to its end, or to now) and time reserved (still to run until termination, for live workspaces).
 */
public record Usage(Duration used, Duration reserved, int workspaces, int live) {

    /** Sums the usage of one owner's workspaces, each with its state history, at {@code now}. */
    public static Usage of(List<Workspace> workspaces, java.util.function.Function<String, List<StateChange>> history,
                           Instant now) {
        Duration used = Duration.ZERO;
        Duration reserved = Duration.ZERO;
        int live = 0;
        for (Workspace w : workspaces) {
            used = used.plus(wallTime(history.apply(w.id()), now));
            if (!w.state().isTerminal()) {
                live++;
                if (w.terminationTime().isAfter(now)) {
                    reserved = reserved.plus(Duration.between(now, w.terminationTime()));
                }
            }
        }
        return new Usage(used, reserved, workspaces.size(), live);
    }

    /** From leaving Unpropagated to reaching a terminal or Corrupted state (or now). */
    static Duration wallTime(List<StateChange> changes, Instant now) {
        Instant deployed = null;
        for (StateChange c : changes) {
            if (deployed == null && c.to() != WorkspaceState.UNPROPAGATED && !c.to().isTerminal()
                    && c.to() != WorkspaceState.CORRUPTED) {
                deployed = c.at();
            } else if (deployed != null && (c.to().isTerminal() || c.to() == WorkspaceState.CORRUPTED)) {
                return Duration.between(deployed, c.at());
            }
        }
        return deployed == null ? Duration.ZERO : Duration.between(deployed, now);
    }
}
