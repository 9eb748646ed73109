package org.agora.workspace.model;

import java.util.Arrays;
import java.util.Optional;

/** The notification topics a workspace publishes, by their local name in the workspace namespace. */
public enum Topic {
    /** Every state change, the end included. */
    WORKSPACE_STATE_CHANGE("WorkspaceStateChange"),
    /** Only the end: Destroyed or Cancelled. */
    WORKSPACE_TERMINATION("WorkspaceTermination");

    private final String localName;

    Topic(String localName) {
        this.localName = localName;
    }

    public String localName() {
        return localName;
    }

    /** Whether a change into {@code state} is published on this topic. */
    public boolean covers(WorkspaceState state) {
        return this == WORKSPACE_STATE_CHANGE || state.isTerminal();
    }

    public static Optional<Topic> byLocalName(String name) {
        return Arrays.stream(values()).filter(t -> t.localName.equals(name)).findFirst();
    }
}
