package org.agora.workspace.persistence;

/**
 * A placement found, once it held its node, that the node can no longer hold the workspace: another
 * placement (on this replica or another, through this database server or another node of its
 * cluster) took the room after the loads were read. Nothing of the placement was stored; it can
 * be decided again on the loads as they are now.
 */
public final class NodeFullException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String node;

    public NodeFullException(String node) {
        super("node " + node + " was filled by another placement meanwhile");
        this.node = node;
    }

    /** The node that filled up. */
    public String node() {
        return node;
    }
}
