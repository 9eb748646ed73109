package org.agora.workspace.node;

import java.util.List;
import org.agora.workspace.model.LifecycleAction;
import org.agora.workspace.model.WorkspaceState;

/** What a node can be asked to do to a workspace's domain. */
public enum DomainAction {
    START, SHUTDOWN, PAUSE, RESUME, REBOOT;

    /** The domain actions that carry out a workspace lifecycle action from a given state, in order. */
    public static List<DomainAction> carrying(LifecycleAction action, WorkspaceState from) {
        return switch (action) {
            case START -> List.of(from == WorkspaceState.PAUSED ? RESUME : START);
            // A paused guest cannot hear the shutdown request: wake it first.
            case SHUTDOWN -> from == WorkspaceState.PAUSED ? List.of(RESUME, SHUTDOWN) : List.of(SHUTDOWN);
            case PAUSE -> List.of(PAUSE);
            case REBOOT -> List.of(REBOOT);
        };
    }
}
