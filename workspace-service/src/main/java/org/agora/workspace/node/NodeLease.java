package org.agora.workspace.node;

/**
 * This replica's claim on looking after a node: reconciling it, handling its orphan domains and
 * following its liveness reports. With several replicas of the service on one database, one of them
 * holds each node at a time, and another takes it over once the holder stops renewing.
 */
public interface NodeLease {
    /** A service that is the site's only replica: it looks after every node. */
    NodeLease SOLE = new NodeLease() {
        @Override
        public boolean claim(String node) {
            return true;
        }

        @Override
        public void release(String node) {
            // Nothing is held.
        }
    };

    /**
     * Takes the node if no other replica holds it, or renews this replica's hold on it; whether this
     * replica holds it now. A failure to reach the database counts as not holding it.
     */
    boolean claim(String node);

    /** Gives the node up at once, so another replica need not wait for the lease to run out. */
    void release(String node);
}
