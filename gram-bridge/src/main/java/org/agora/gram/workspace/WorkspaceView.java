package org.agora.gram.workspace;

/**
 * What the service says of a workspace.
 *
 * @param state the workspace's state as the contract names it (Propagated, Running, Shutdown...)
 * @param cause why it is in that state when the service says (killed, node lost...); may be null
 */
public record WorkspaceView(String state, String cause) {

    /** Whether the workspace is gone or can no longer run the job. */
    public boolean ended() {
        return switch (state) {
            case "Shutdown", "Destroyed", "Corrupted", "Cancelled" -> true;
            default -> false;
        };
    }

    public boolean running() {
        return "Running".equals(state);
    }
}
