package org.agora.workspace.persistence;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.agora.database.StatementBatch;
import org.agora.workspace.model.WorkspaceState;
import org.hibernate.SessionFactory;

/**
 * What the workspaces holding resources hold on each node, and the statements that make a placement
 * hold whatever else places at the same time: the placement's batch claims each node it uses (a
 * write to the node's row in {@code node_placement}), stores its workspaces, then sums each node
 * again and refuses itself if a node is over its capacity. The claim is what serialises placements
 * on one node across service replicas: on one server as a row lock, on a Galera cluster as a
 * certification conflict (the loser's commit fails with a deadlock error, which
 * {@link org.agora.database.TransientFailures} retries). The sum after the claim sees every
 * placement committed before it, so no node is ever given more than it has.
 */
public final class NodeAllocations {
    private static final String REFUSAL_PREFIX = "node over capacity: ";

    /**
     * The states in which a workspace holds its node's resources, all but the ended and the failed,
     * as an SQL list of the names stored in {@code workspace.state}.
     */
    static final String HOLDING_SQL = Arrays.stream(WorkspaceState.values())
            .filter(st -> st != WorkspaceState.DESTROYED && st != WorkspaceState.CANCELLED
                    && st != WorkspaceState.CORRUPTED)
            .map(st -> "'" + st.name() + "'")
            .collect(Collectors.joining(",", "(", ")"));

    private final SessionFactory sessions;

    public NodeAllocations(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Resources held on one node, or (as a limit) the most that may be held there. */
    public record Allocation(int vcpus, long memoryMiB, long diskMiB) {
        public static final Allocation NONE = new Allocation(0, 0, 0);
    }

    /**
     * What the workspaces holding resources hold on each of the given nodes, by node name (a node
     * holding nothing is absent).
     *
     * <p>Placement asks this for every create, and the table keeps every workspace that ever ran:
     * the nodes and the holding states are named as ranges of the index on (node, state, vcpus,
     * memory, disk) (V5), so the sum reads only the index entries of the workspaces it adds, however
     * long the history (a "not ended" filter read every stored entry: 6.9 ms against 0.45 ms at
     * 9,000 ended and 1,000 live; docs/performance.md).
     */
    public Map<String, Allocation> on(Collection<String> nodes) {
        Map<String, Allocation> result = new HashMap<>();
        if (nodes.isEmpty()) {
            return result;
        }
        // Plain JDBC: as HQL, the collection parameter made Hibernate translate the query anew on
        // every call (an expanded IN list is not cached), most of this method's CPU.
        String sql = "select node, sum(vcpus), sum(memory_mib), sum(disk_mib) from workspace where node in ("
                + String.join(",", Collections.nCopies(nodes.size(), "?")) + ") and state in "
                + HOLDING_SQL + " group by node";
        sessions.inStatelessSession(s -> s.doWork(connection -> {
            try (var statement = connection.prepareStatement(sql)) {
                int i = 0;
                for (String node : nodes) {
                    statement.setString(++i, node);
                }
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        result.put(rows.getString(1), new Allocation(rows.getInt(2), rows.getLong(3), rows.getLong(4)));
                    }
                }
            }
        }));
        return result;
    }

    /**
     * Adds to {@code batch} the claim on each of {@code nodes}, in name order so that two groups
     * claiming the same nodes queue rather than deadlock. Comes before the batch's inserts: the
     * checks the batch makes after them then sum what every earlier claimant committed.
     */
    static void claim(StatementBatch batch, Collection<String> nodes) {
        for (String node : new TreeSet<>(nodes)) {
            batch.add("insert into node_placement (node, placements) values (?, 1) "
                    + "on duplicate key update placements = placements + 1", node);
        }
    }

    /**
     * Adds to {@code batch} the check that {@code node}, with the batch's own inserts, holds no more
     * than {@code capacity}: the batch is refused whole otherwise ({@link #refusedNode}).
     */
    static void requireWithin(StatementBatch batch, String node, Allocation capacity) {
        batch.refuseIf("(select coalesce(sum(vcpus), 0) > ? or coalesce(sum(memory_mib), 0) > ? "
                        + "or coalesce(sum(disk_mib), 0) > ? from workspace where node = ? and state in " + HOLDING_SQL
                        + ")", REFUSAL_PREFIX + node,
                capacity.vcpus(), capacity.memoryMiB(), capacity.diskMiB(), node);
    }

    /** The node a batch was refused for by {@link #requireWithin}, or null for any other failure. */
    static String refusedNode(SQLException e) {
        String message = e.getMessage();
        if (!StatementBatch.isRefusal(e) || message == null) {
            return null;
        }
        int at = message.indexOf(REFUSAL_PREFIX);
        return at < 0 ? null : message.substring(at + REFUSAL_PREFIX.length()).strip();
    }
}
