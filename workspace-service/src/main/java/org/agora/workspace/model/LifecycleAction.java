package org.agora.workspace.model;

import java.util.Set;

/**
 * What a user may ask of a deployed workspace, the states it may be asked in, and the state it
 * leads to. Reboot leaves a running workspace running.
 */
public enum LifecycleAction {
    START(Set.of(WorkspaceState.PROPAGATED, WorkspaceState.PAUSED, WorkspaceState.SHUTDOWN), WorkspaceState.RUNNING),
    SHUTDOWN(Set.of(WorkspaceState.RUNNING, WorkspaceState.PAUSED), WorkspaceState.SHUTDOWN),
    PAUSE(Set.of(WorkspaceState.RUNNING), WorkspaceState.PAUSED),
    REBOOT(Set.of(WorkspaceState.RUNNING), WorkspaceState.RUNNING);

    private final Set<WorkspaceState> from;
    private final WorkspaceState to;

    LifecycleAction(Set<WorkspaceState> from, WorkspaceState to) {
        this.from = from;
        this.to = to;
    }

    public boolean allowedIn(WorkspaceState state) {
        return from.contains(state);
    }

    public WorkspaceState target() {
        return to;
    }

    /** "Running or Paused": for messages. */
    public String allowedStates() {
        return from.stream().map(WorkspaceState::contractName).sorted().reduce((a, b) -> a + " or " + b).orElse("");
    }
}
