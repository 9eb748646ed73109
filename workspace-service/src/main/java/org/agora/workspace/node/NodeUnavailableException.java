package org.agora.workspace.node;

/** A node could not be reached, or refused a request; the message says which node and why. */
public class NodeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
