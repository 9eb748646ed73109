package org.agora.gram.workspace;

/** A call to the workspace service that did not succeed, as the job's reason would say it. */
public final class WorkspaceCallException extends Exception {
    private final boolean refused;

    /** @param refused the service answered and refused (a retry would be refused again) */
    public WorkspaceCallException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** Whether the service refused the call; otherwise it did not answer, and a retry may succeed. */
    public boolean refused() {
        return refused;
    }
}
