package org.agora.adapter.service;

/**
 * A node operation that was refused or failed; the message is the sentence the caller reads, with
 * the workspace and the cause in it.
 */
public final class NodeServiceException extends Exception {
    /** What kind of trouble it is, for callers that act on it rather than only report it. */
    public enum Kind {
        /** The request is impossible as asked (a value out of range, a network the node lacks). */
        INVALID_REQUEST,
        /** The workspace has no domain on this node. */
        NO_SUCH_DOMAIN,
        /** The hypervisor, storage or image cache failed. */
        FAILED,
        /** The node is shutting down. */
        STOPPING
    }

    private final Kind kind;

    public NodeServiceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NodeServiceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
