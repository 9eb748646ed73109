package org.agora.workspace.persistence;

import java.time.Duration;
import java.util.Optional;
import org.agora.database.TransientFailures;
import org.agora.workspace.node.NodeLease;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases on nodes in {@code node_lease} (V9), for one replica named {@code holder}: a lease is taken
 * when the node's row is absent or run out, renewed by its holder, and runs out {@code ttl} after
 * the last renewal. Times are the database server's, so replicas on hosts whose clocks disagree
 * still agree on when a lease ran out.
 *
 * <p>Taking or renewing is one conditional write to the node's row followed by a read of it, in
 * one transaction: on one server the row lock orders two claimants; on a Galera cluster two claims
 * written on different cluster nodes conflict at certification and the one certified second is
 * aborted (a deadlock error, retried), so the retry reads the winner's row.
 */
public final class NodeLeases implements NodeLease {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLeases.class);
    private static final TransientFailures RETRIES = TransientFailures.DEFAULT.withAttempts(10);
    /**
     * MariaDB assigns left to right: the second assignment sees the holder the first one left, so the
     * expiry moves only when the row is (now) this claimant's.
     */
    private static final String CLAIM = "insert into node_lease (node, holder, expires_at) "
            + "values (?, ?, now(3) + interval ? microsecond) on duplicate key update "
            + "holder = if(holder = values(holder) or expires_at < now(3), values(holder), holder), "
            + "expires_at = if(holder = values(holder), values(expires_at), expires_at)";

    private final SessionFactory sessions;
    private final String holder;
    private final Duration ttl;

    public NodeLeases(SessionFactory sessions, String holder, Duration ttl) {
        if (holder == null || holder.isBlank() || holder.length() > 255) {
            throw new IllegalArgumentException("a lease holder is named by 1 to 255 characters, not \"" + holder + "\"");
        }
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a lease lasts at least a millisecond, not " + ttl);
        }
        this.sessions = sessions;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** The name this replica holds leases under. */
    public String holder() {
        return holder;
    }

    /** How long a lease lasts after its last renewal. */
    public Duration ttl() {
        return ttl;
    }

    @Override
    public boolean claim(String node) {
        try {
            return RETRIES.run(() -> sessions.fromTransaction(session -> session.doReturningWork(connection -> {
                try (var write = connection.prepareStatement(CLAIM)) {
                    write.setString(1, node);
                    write.setString(2, holder);
                    write.setLong(3, ttl.toNanos() / 1000);
                    write.executeUpdate();
                }
                try (var read = connection.prepareStatement("select holder from node_lease where node = ?")) {
                    read.setString(1, node);
                    try (var rows = read.executeQuery()) {
                        return rows.next() && holder.equals(rows.getString(1));
                    }
                }
            })));
        } catch (RuntimeException e) {
            LOG.warn("event=lease.claim_failed node={} holder={} reason=\"{}\"", node, holder, e.getMessage());
            return false;
        }
    }

    @Override
    public void release(String node) {
        try {
            sessions.inTransaction(session -> session.createNativeMutationQuery(
                            "delete from node_lease where node = :node and holder = :holder")
                    .setParameter("node", node).setParameter("holder", holder).executeUpdate());
        } catch (RuntimeException e) {
            LOG.warn("event=lease.release_failed node={} holder={} reason=\"{}\"", node, holder, e.getMessage());
        }
    }

    /** Who holds the node's lease, if anyone does and it has not run out (what an admin monitors). */
    public Optional<String> holderOf(String node) {
        return sessions.fromStatelessSession(s -> s.createNativeQuery(
                        "select holder from node_lease where node = :node and expires_at >= now(3)", String.class)
                .setParameter("node", node).uniqueResultOptional());
    }
}
