package org.agora.workspace.lifecycle;

import org.agora.workspace.model.WorkspaceState;

/** The workspace is not in a state that allows the operation; the message says which states do. */
public class IllegalStateTransitionException extends Exception {
    private final WorkspaceState current;

    public IllegalStateTransitionException(WorkspaceState current, String message) {
        super(message);
        this.current = current;
    }

    public WorkspaceState current() {
        return current;
    }
}
