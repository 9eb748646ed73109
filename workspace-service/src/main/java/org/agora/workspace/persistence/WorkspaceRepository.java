package org.agora.workspace.persistence;

import java.time.Clock;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.agora.workspace.model.Platform;
import org.agora.workspace.model.ShutdownMechanism;
import org.agora.workspace.model.StateChange;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.database.AtomicWrite;
import org.agora.database.StatementBatch;
import org.agora.database.TransientFailures;
import org.agora.workspace.persistence.NodeAllocations.Allocation;
import org.hibernate.SessionFactory;

/**
 * Stores workspaces and moves them through their states. A transition is checked against the
 * state machine while the row is locked, so two threads (or two service replicas) reporting on
 * the same workspace cannot both win.
 */
public final class WorkspaceRepository {
    /** Entity classes this repository maps; the database module builds the SessionFactory over them. */
    public static final Class<?>[] ENTITIES = {WorkspaceEntity.class, StateChangeEntity.class, GroupEntity.class,
            SubscriptionEntity.class};

    private final SessionFactory sessions;
    private final Clock clock;
    private final NodeAllocations allocations;

    public WorkspaceRepository(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.allocations = new NodeAllocations(sessions);
    }

    /**
     * Stores a new workspace in state UNPROPAGATED on the given node, if the node, with it, holds no
     * more than {@code capacity} (checked on what is stored when the write commits, whichever
     * replica or cluster node stored it: {@link NodeAllocations}); relayedBy: the CE's host DN, or null.
     * @throws NodeFullException the node has no room for it any more; nothing was stored
     */
    public Workspace insert(String id, String owner, List<String> fqans, String relayedBy, WorkspaceRequest request,
                            String node, Allocation capacity, Instant terminationTime) throws NodeFullException {
        WorkspaceEntity e = entity(id, owner, fqans, relayedBy, request, node, terminationTime, null);
        StatementBatch batch = new StatementBatch();
        NodeAllocations.claim(batch, List.of(node));
        addInsert(batch, e);
        NodeAllocations.requireWithin(batch, node, capacity);
        place(batch, "insert of workspace " + id);
        return snapshot(e);
    }

    /**
     * Stores a group and its members, each on its node, in one transaction: either the whole group
     * exists or none of it does; and only if every node used, with the members placed on it, holds
     * no more than its capacity.
     *
     * @param nodes      the node of each member, in member order
     * @param capacities the capacity of each node used
     * @throws NodeFullException a node has no room for its members any more; nothing was stored
     */
    public List<Workspace> insertGroup(String groupId, String owner, List<String> fqans, String relayedBy,
                                       WorkspaceRequest request,
                                       List<String> ids, List<String> nodes, java.util.Map<String, Allocation> capacities,
                                       Instant terminationTime) throws NodeFullException {
        List<WorkspaceEntity> members = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            members.add(entity(ids.get(i), owner, fqans, relayedBy, request, nodes.get(i), terminationTime, groupId));
        }
        StatementBatch batch = new StatementBatch();
        NodeAllocations.claim(batch, nodes);
        batch.add("insert into workspace_group (id, owner_dn, size, created_at) "
                + "values (?, ?, ?, ?)", groupId, owner, ids.size(), members.get(0).createdAt);
        members.forEach(e -> addInsert(batch, e));
        for (String node : new java.util.TreeSet<>(nodes)) {
            NodeAllocations.requireWithin(batch, node, capacities.get(node));
        }
        place(batch, "insert of group " + groupId + " (" + ids.size() + " workspaces)");
        return members.stream().map(this::snapshot).toList();
    }

    /**
     * Runs a placement's batch, again while it loses to a concurrent claim on one of its nodes (a
     * deadlock or, on a Galera cluster, a failed certification): each attempt claims and sums anew.
     */
    private void place(StatementBatch batch, String what) throws NodeFullException {
        PLACEMENT_RETRIES.run(() -> {
            try {
                batch.executeAtomically(sessions);
                return null;
            } catch (SQLException e) {
                String full = NodeAllocations.refusedNode(e);
                if (full != null) {
                    throw new NodeFullException(full);
                }
                throw AtomicWrite.converted(sessions, e, what);
            }
        });
    }

    /**
     * Placements on one node collide by design (their claims on its row), and on a cluster every
     * collision costs the loser an attempt: more attempts than the default's five, so that a burst of
     * creates on a small site does not fail for contention alone.
     */
    private static final TransientFailures PLACEMENT_RETRIES = TransientFailures.DEFAULT.withAttempts(20);

    /**
     * A new workspace's row and its first history row, as SQL rather than through a Hibernate
     * transaction: one round trip in place of six (the autocommit toggles, two inserts and the
     * commit). The columns are WorkspaceEntity's; Hibernate validates that mapping against the
     * schema at start-up, and every test that creates a workspace reads this row back through it.
     */
    private static void addInsert(StatementBatch batch, WorkspaceEntity e) {
        batch.add("insert into workspace (id, owner_dn, owner_fqans, name, image, image_sha256, vcpus, memory_mib, "
                        + "disk_mib, initial_state, state, state_cause, node, created_at, state_changed_at, "
                        + "termination_time, hypervisor, arch, kernel, initrd, kernel_args, nics, cpu_weight, "
                        + "shutdown_mechanism, group_id, relayed_by, grid_job_id, user_data, version) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                e.id, e.ownerDn, e.ownerFqans, e.name, e.image, e.imageSha256, e.vcpus, e.memoryMiB, e.diskMiB,
                e.initialState.name(), e.state.name(), e.stateCause, e.node, e.createdAt, e.stateChangedAt,
                e.terminationTime, e.hypervisor == null ? null : e.hypervisor.name(), e.arch, e.kernel, e.initrd,
                e.kernelArgs, NICS.convertToDatabaseColumn(e.nics), e.cpuWeight, e.shutdownMechanism.name(),
                e.groupId, e.relayedBy, e.gridJobId, e.userData);
        batch.add("insert into workspace_state_change (workspace_id, from_state, to_state, changed_at, cause) "
                + "values (?, null, ?, ?, ?)", e.id, e.state.name(), e.createdAt, e.stateCause);
    }

    private static final NicsColumn NICS = new NicsColumn();

    private void execute(StatementBatch batch, String what) {
        try {
            batch.executeAtomically(sessions);
        } catch (SQLException e) {
            throw AtomicWrite.converted(sessions, e, what);
        }
    }

    /** The owner of a group, if it exists. */
    public Optional<String> groupOwner(String groupId) {
        return Optional.ofNullable(sessions.fromSession(s -> s.find(GroupEntity.class, groupId))).map(g -> g.ownerDn);
    }

    /** Every member of a group, ended or not, in creation order. */
    public List<Workspace> members(String groupId) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from WorkspaceEntity where groupId = :group order by id", WorkspaceEntity.class)
                .setParameter("group", groupId)
                .getResultList()).stream().map(this::snapshot).toList();
    }

    private WorkspaceEntity entity(String id, String owner, List<String> fqans, String relayedBy,
                                   WorkspaceRequest request, String node, Instant terminationTime, String groupId) {
        // The columns keep microseconds: the snapshot returned must equal the row read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        WorkspaceEntity e = new WorkspaceEntity();
        e.id = id;
        e.ownerDn = owner;
        e.ownerFqans = fqans == null || fqans.isEmpty() ? null : String.join("\n", fqans);
        e.relayedBy = relayedBy;
        e.name = request.name();
        e.image = request.image();
        e.imageSha256 = request.imageSha256();
        e.vcpus = request.vcpus();
        e.memoryMiB = request.memoryMiB();
        e.diskMiB = request.diskMiB();
        e.initialState = request.initialState();
        e.state = WorkspaceState.UNPROPAGATED;
        e.stateCause = "placed on node " + node;
        e.node = node;
        e.createdAt = now;
        e.stateChangedAt = now;
        e.terminationTime = terminationTime.truncatedTo(ChronoUnit.MICROS);
        Platform platform = request.platform() == null ? Platform.ANY : request.platform();
        e.hypervisor = platform.hypervisor();
        e.arch = platform.arch();
        e.kernel = platform.kernel();
        e.initrd = platform.initrd();
        e.kernelArgs = platform.kernelArgs();
        e.nics = new java.util.ArrayList<>(request.nics());
        e.cpuWeight = request.cpuWeight() == 0 ? org.agora.workspace.model.RequestLimits.DEFAULT_CPU_WEIGHT
                : request.cpuWeight();
        e.shutdownMechanism = request.shutdown() == null ? ShutdownMechanism.NORMAL : request.shutdown();
        e.groupId = groupId;
        e.gridJobId = request.gridJobId();
        e.userData = request.userData();
        return e;
    }

    public Optional<Workspace> find(String id) {
        return Optional.ofNullable(read(id)).map(this::snapshot);
    }

    /**
     * The row as stored now, read through a stateless session: the most frequent query (every
     * property read, status poll and state change starts with it) needs no persistence context,
     * no load events and no dirty checking, since the entity is only ever copied into a snapshot.
     */
    private WorkspaceEntity read(String id) {
        return sessions.fromStatelessSession(s -> s.get(WorkspaceEntity.class, id));
    }

    /**
     * The owner's workspaces that have not ended, oldest first. The ended states are two scalar
     * parameters, not a list: Hibernate plans a query bound to a list again on every run.
     */
    public List<Workspace> listLive(String owner) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from WorkspaceEntity where ownerDn = :owner and state <> :destroyed and state <> :cancelled order by createdAt",
                        WorkspaceEntity.class)
                .setParameter("owner", owner)
                .setParameter("destroyed", WorkspaceState.DESTROYED).setParameter("cancelled", WorkspaceState.CANCELLED)
                .getResultList()).stream().map(this::snapshot).toList();
    }

    /** Every workspace placed on a node that has not ended: what the node should be running. */
    public List<Workspace> liveOnNode(String node) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from WorkspaceEntity where node = :node and state <> :destroyed and state <> :cancelled", WorkspaceEntity.class)
                .setParameter("node", node)
                .setParameter("destroyed", WorkspaceState.DESTROYED).setParameter("cancelled", WorkspaceState.CANCELLED)
                .getResultList()).stream().map(this::snapshot).toList();
    }

    /** What the workspaces holding resources hold on each of the given nodes ({@link NodeAllocations#on}). */
    public java.util.Map<String, Allocation> allocationsOn(java.util.Collection<String> nodes) {
        return allocations.on(nodes);
    }

    /**
     * Moves a workspace to {@code next} if the state machine allows it from its current state.
     *
     * @return the workspace after the change, or empty if it does not exist or the move is not
     *         allowed (the current state is then left untouched)
     */
    public Optional<Workspace> transition(String id, WorkspaceState next, String cause) {
        return transitionIf(id, current -> current.canMoveTo(next) ? next : null, cause);
    }

    /**
     * Moves a workspace to the state {@code decide} picks given its current state (null: stay).
     *
     * <p>Optimistically, in two round trips: the row is read, and the change (the row's new state,
     * guarded by the version and subscription revision read, and the history row) is sent as one
     * statement batch. If another
     * change came in between, the version no longer matches, the batch is refused whole, and the
     * workspace is read and decided again; so every committed change was decided on the state it
     * replaced, and two services sharing a database never both make the same move. The locking
     * read, Hibernate's update and its autocommit toggles took six round trips, the most of a
     * transition's time on a busy machine (docs/performance.md).
     */
    public Optional<Workspace> transitionIf(String id, Function<WorkspaceState, WorkspaceState> decide,
                                            String reason) {
        // The columns hold 1,024 characters; a long error message as the cause must not fail the change.
        String cause = reason == null || reason.length() <= 1024 ? reason : reason.substring(0, 1023) + "…";
        Committed done = TRANSITION_RETRIES.run(() -> {
            WorkspaceEntity e = read(id);
            if (e == null) {
                return null;
            }
            WorkspaceState from = e.state;
            WorkspaceState next = decide.apply(from);
            if (next == null || !from.canMoveTo(next)) {
                return null;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            StatementBatch change = new StatementBatch()
                    // The subscription revision too: a subscription committed before this change must
                    // hear of it, so the change must not go out with the subscribers as read before.
                    .add("update workspace set state = ?, state_cause = ?, state_changed_at = ?, version = version + 1 "
                                    + "where id = ? and version = ? and subscription_revision = ?",
                            next.name(), cause, now, id, e.version, e.subscriptionRevision)
                    .requireChanged("workspace " + id + " changed meanwhile")
                    .add("insert into workspace_state_change (workspace_id, from_state, to_state, changed_at, cause) "
                            + "values (?, ?, ?, ?, ?)", id, from.name(), next.name(), now, cause);
            try {
                change.executeAtomically(sessions);
            } catch (SQLException refused) {
                // Changed meanwhile (the version check refused it), or another transient failure: the
                // policy reads and decides again.
                throw AtomicWrite.converted(sessions, refused, "state change of workspace " + id + " from " + from
                        + " to " + next);
            }
            e.state = next;
            e.stateCause = cause;
            e.stateChangedAt = now;
            e.version++;
            return new Committed(snapshot(e), from);
        });
        if (done == null) {
            return Optional.empty();
        }
        // Listeners hear only committed changes, once each: the version check made this call the one.
        listeners.forEach(l -> l.transitioned(done.after(), done.from()));
        return Optional.of(done.after());
    }

    private record Committed(Workspace after, WorkspaceState from) {
    }

    /**
     * A workspace changed by others this many times while one transition was being decided is
     * under a storm no retry will outlast; the caller hears of it rather than spinning.
     */
    private static final int MAX_TRANSITION_ATTEMPTS = 100;
    private static final TransientFailures TRANSITION_RETRIES =
            TransientFailures.DEFAULT.withAttempts(MAX_TRANSITION_ATTEMPTS);

    /** Told of every committed state change, after the commit, on the thread that made it. */
    public interface TransitionListener {
        /** @param after the workspace in its new state; its cause and time are those of the change */
        void transitioned(Workspace after, WorkspaceState from);
    }

    private final List<TransitionListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a listener for committed state changes (notifications, metrics). */
    public void onTransition(TransitionListener listener) {
        listeners.add(listener);
    }

    /**
     * Moves a live workspace's termination time, under its row lock; empty when it does not exist
     * or has ended.
     */
    public Optional<Workspace> setTerminationTime(String id, Instant terminationTime) {
        return sessions.fromTransaction(s -> {
            WorkspaceEntity e = s.find(WorkspaceEntity.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (e == null || e.state.isTerminal()) {
                return Optional.<Workspace>empty();
            }
            e.terminationTime = terminationTime;
            return Optional.of(snapshot(e));
        });
    }

    /** Live workspaces whose termination time has come, oldest deadline first, at most {@code limit}. */
    public List<Workspace> expired(Instant now, int limit) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from WorkspaceEntity where terminationTime <= :now and state <> :destroyed and state <> :cancelled "
                                + "order by terminationTime", WorkspaceEntity.class)
                .setParameter("now", now)
                .setParameter("destroyed", WorkspaceState.DESTROYED).setParameter("cancelled", WorkspaceState.CANCELLED)
                .setMaxResults(limit)
                .getResultList()).stream().map(this::snapshot).toList();
    }

    /** Workspaces created in [from, to), of one owner (or of everyone when {@code owner} is null). */
    public List<Workspace> createdBetween(String owner, Instant from, Instant to) {
        return sessions.fromSession(s -> s.createSelectionQuery("from WorkspaceEntity where createdAt >= :from "
                                + "and createdAt < :to" + (owner == null ? "" : " and ownerDn = :owner")
                                + " order by createdAt", WorkspaceEntity.class)
                .setParameter("from", from).setParameter("to", to)
                .setProperties(owner == null ? java.util.Map.of() : java.util.Map.of("owner", owner))
                .getResultList()).stream().map(this::snapshot).toList();
    }

    /** Every workspace an owner ever had here, ended or not. */
    public List<Workspace> allOf(String owner) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from WorkspaceEntity where ownerDn = :owner order by createdAt", WorkspaceEntity.class)
                .setParameter("owner", owner)
                .getResultList()).stream().map(this::snapshot).toList();
    }

    /** The recorded transitions of a workspace, oldest first. */
    public List<StateChange> history(String id) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from StateChangeEntity where workspaceId = :id order by id", StateChangeEntity.class)
                .setParameter("id", id)
                .getResultList()).stream()
                .map(c -> new StateChange(c.fromState, c.toState, c.changedAt, c.cause)).toList();
    }

    private Workspace snapshot(WorkspaceEntity e) {
        return new Workspace(e.id, e.ownerDn, e.name, e.image, e.imageSha256, e.vcpus, e.memoryMiB, e.diskMiB,
                e.initialState, e.state, e.stateCause, e.node, e.createdAt, e.stateChangedAt, e.terminationTime,
                new Platform(e.hypervisor, e.arch, e.kernel, e.initrd, e.kernelArgs),
                e.nics, e.cpuWeight, e.shutdownMechanism,
                e.groupId, e.ownerFqans == null ? List.of() : List.of(e.ownerFqans.split("\n")), e.cpuSeconds,
                e.subscriptionRevision, e.relayedBy, e.gridJobId, e.userData);
    }

    /**
     * Keeps the CPU time a node reported for a workspace as it ended. Counters only grow, so an
     * earlier, larger reading (taken before a graceful shutdown, say) is never replaced by a smaller one.
     */
    public void recordCpuSeconds(String id, double seconds) {
        // One statement, atomic on its own: sent as a batch it costs one round trip, not a
        // Hibernate transaction's four.
        execute(new StatementBatch().add("update workspace set cpu_seconds = ? where id = ? "
                + "and (cpu_seconds is null or cpu_seconds < ?)", seconds, id, seconds), "CPU time of workspace " + id);
    }
}
