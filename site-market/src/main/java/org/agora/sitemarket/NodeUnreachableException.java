package org.agora.sitemarket;

/** A node's weights could not be set: the call did not reach it, or the node failed it. */
public final class NodeUnreachableException extends Exception {
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
