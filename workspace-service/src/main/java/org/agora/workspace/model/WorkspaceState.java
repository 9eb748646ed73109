package org.agora.workspace.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a workspace, named as in the Globus Virtual Workspace service so existing
 * tooling reads them unchanged. Transitions are driven by what the node's adapter reports.
 */
public enum WorkspaceState {
    /** Stored and placed; the node has not yet prepared it. */
    UNPROPAGATED("Unpropagated"),
    /** Storage prepared and domain defined on the node, not running. */
    PROPAGATED("Propagated"),
    RUNNING("Running"),
    PAUSED("Paused"),
    /** Guest shut down; domain and storage still on the node. */
    SHUTDOWN("Shutdown"),
    /** Ended by its lifetime or by the guest; node cleaned. */
    DESTROYED("Destroyed"),
    /** Something failed; the cause says what. */
    CORRUPTED("Corrupted"),
    /** Destroyed at the user's request; node cleaned. */
    CANCELLED("Cancelled");

    private static final Set<WorkspaceState> TERMINAL = EnumSet.of(DESTROYED, CANCELLED);

    private final String contractName;

    WorkspaceState(String contractName) {
        this.contractName = contractName;
    }

    /** The name used on the wire and in the CLI. */
    public String contractName() {
        return contractName;
    }

    /** A terminal workspace is gone for its user: no domain, no storage, no further calls. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether the state machine allows moving from this state to {@code next}. */
    public boolean canMoveTo(WorkspaceState next) {
        if (this == next || isTerminal()) {
            return false;
        }
        switch (next) {
            case PROPAGATED: return this == UNPROPAGATED;
            case RUNNING: return this == UNPROPAGATED || this == PROPAGATED || this == PAUSED || this == SHUTDOWN;
            case PAUSED: return this == UNPROPAGATED || this == PROPAGATED || this == RUNNING;
            case SHUTDOWN: return this == RUNNING || this == PAUSED;
            case CORRUPTED: return true;
            case DESTROYED:
            case CANCELLED: return true;
            default: return false;
        }
    }
}
