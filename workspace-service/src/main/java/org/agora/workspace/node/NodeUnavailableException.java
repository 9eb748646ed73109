package org.agora.workspace.node;

/** A node could not be reached, or refused a request; the message says which node and why. */
public class NodeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    /**
     * @param unreachable whether the node never heard the request (down, unreachable, TLS failure),
     *     as opposed to answering with a refusal
     */
    public NodeUnavailableException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /**
     * Whether the node never answered (down, unreachable, TLS failure), as opposed to answering
     * with a refusal: a call that did not reach the node may be retried later as it was.
     */
    public boolean unreachable() {
        return unreachable;
    }
}
