package org.agora.gram.workspace;

/** A call to the workspace service that did not succeed, as the job's reason would say it. */
public final class WorkspaceCallException extends Exception {
    private final boolean refused;
    private final boolean sent;

    /** @param refused the service answered and refused (a retry would be refused again) */
    public WorkspaceCallException(String message, boolean refused, Throwable cause) {
        this(message, refused, true, cause);
    }

    private WorkspaceCallException(String message, boolean refused, boolean sent, Throwable cause) {
        super(message, cause);
        this.refused = refused;
        this.sent = sent;
    }

    /** A call refused before anything was sent: the service never saw it. */
    public static WorkspaceCallException unsent(String message, Throwable cause) {
        return new WorkspaceCallException(message, true, false, cause);
    }

    /** Whether the request may have reached the service (false: refused here, nothing to look for there). */
    public boolean sent() {
        return sent;
    }

    /** Whether the service refused the call; otherwise it did not answer, and a retry may succeed. */
    public boolean refused() {
        return refused;
    }
}
