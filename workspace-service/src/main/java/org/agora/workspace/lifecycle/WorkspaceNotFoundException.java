package org.agora.workspace.lifecycle;

/** The named workspace does not exist, or has ended. */
public class WorkspaceNotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkspaceNotFoundException(String message) {
        super(message);
    }
}
