package org.agora.workspace.lifecycle;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeLease;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the database agree with what the nodes really run: after a restart of the service or of
 * an adapter, at an interval, and when a node's liveness monitor reports a death. A workspace's
 * truth is the union of its row and its domain; this class decides which one moves.
 */
public final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final WorkspaceRepository repository;
    private final NodeGateway nodes;
    private final Deployer deployer;
    private final OrphanPolicy orphans;
    private final NodeLease lease;

    /** Reconciliation by the site's only replica, which looks after every node. */
    public Reconciliation(WorkspaceRepository repository, NodeGateway nodes, Deployer deployer, OrphanPolicy orphans) {
        this(repository, nodes, deployer, orphans, NodeLease.SOLE);
    }

    /**
     * Reconciliation by one of several replicas: it reconciles only the nodes whose {@code lease} it
     * holds, so a node's orphans and vanished domains are acted on by one replica, not by each.
     */
    public Reconciliation(WorkspaceRepository repository, NodeGateway nodes, Deployer deployer, OrphanPolicy orphans,
                          NodeLease lease) {
        this.repository = repository;
        this.nodes = nodes;
        this.deployer = deployer;
        this.orphans = orphans;
        this.lease = lease;
    }

    /** Whose claim on a node this reconciliation acts under. */
    NodeLease lease() {
        return lease;
    }

    /**
     * Matches the live workspaces of every node with what the node's libvirt really runs, as after
     * a restart of the service or of an adapter: a deployment that never reached its node is
     * started again, a workspace whose domain vanished becomes Corrupted with that cause, and a
     * domain found in another state than recorded is recorded as it is. Unreachable nodes are
     * skipped and logged; their workspaces keep their state until the next reconciliation. Nodes
     * whose lease another replica holds are left to that replica.
     *
     * @return how many workspaces were redeployed or changed state, and domains removed
     */
    public int reconcile() {
        int changed = 0;
        int held = 0;
        for (String node : nodes.names()) {
            if (lease.claim(node)) {
                held++;
                changed += reconcileNode(node);
            }
        }
        LOG.info("event=reconcile.done nodes={} held={} changed={}", nodes.names().size(), held, changed);
        return changed;
    }

    /** Reconciles the workspaces of one node, as {@link #reconcile()} does for all (after its adapter restarted). */
    public int reconcileNode(String node) {
        int changed = handleOrphans(node);
        for (Workspace w : repository.liveOnNode(node)) {
            Optional<WorkspaceState> observed;
            try {
                observed = nodes.observedState(node, w.id());
            } catch (NodeUnavailableException e) {
                LOG.warn("event=reconcile.node_unreachable node={} workspace={} reason=\"{}\"", node, w.id(),
                        e.getMessage());
                continue;
            }
            if (reconcileOne(w, observed, "at reconciliation")) {
                changed++;
            }
        }
        return changed;
    }

    /**
     * Acts on a node's liveness report about a workspace's domain. The report is only a prompt: the
     * node is asked for the domain's state now (reports arrive after the calls that caused them, and
     * must not undo a newer state), and only deaths are recorded here: a domain gone from libvirt or
     * crashed makes its workspace Corrupted, a guest that powered itself off makes it Shutdown.
     * Changes the service asked for are recorded by the calls that asked. Reports of workspaces that
     * ended, live elsewhere, or are still being deployed change nothing. A report of a domain
     * running or paused is not even checked: it cannot be a death, and a death after it is a report
     * of its own; the check would cost a query and a call to the node at the moment a guest starts,
     * pauses or resumes, which is when the service's other work on that change is waiting.
     *
     * @param reported the state the node's report says the domain amounts to (empty: gone)
     * @return whether the workspace's state changed
     */
    public boolean observe(String node, String workspaceId, Optional<WorkspaceState> reported, String nodeCause) {
        if (reported.isPresent() && (reported.get() == WorkspaceState.RUNNING || reported.get() == WorkspaceState.PAUSED)) {
            return false;
        }
        Optional<Workspace> found = repository.find(workspaceId);
        if (found.isEmpty()) {
            return false;
        }
        Workspace w = found.get();
        if (w.state().isTerminal() || w.state() == WorkspaceState.UNPROPAGATED || !node.equals(w.node())) {
            return false;
        }
        Optional<WorkspaceState> now;
        try {
            now = nodes.observedState(node, workspaceId);
        } catch (NodeUnavailableException e) {
            LOG.warn("event=liveness.recheck_failed workspace={} node={} reason=\"{}\"", workspaceId, node,
                    e.getMessage());
            return false;
        }
        boolean died = now.isEmpty() || now.get() == WorkspaceState.CORRUPTED
                || offMeansShutdown(w.state(), now.get()) == WorkspaceState.SHUTDOWN && w.state() != WorkspaceState.SHUTDOWN;
        return died && reconcileOne(w, now, "reported by the node's liveness monitor: " + nodeCause);
    }

    /**
     * Domains on the node that no live workspace accounts for. One whose workspace Agora itself
     * ended (Cancelled or Destroyed, recorded before the node was told: the node call failed, or
     * the adapter or the service died in between) is the rest of that destroy, and is finished here
     * whatever the orphan policy. One of which the database knows nothing (the database was restored
     * from a backup, or another site's service defined it) is reported, and removed only when the
     * site's policy says so.
     */
    private int handleOrphans(String node) {
        Set<String> onNode;
        try {
            onNode = nodes.domainsOn(node);
        } catch (NodeUnavailableException e) {
            return 0;
        }
        Set<String> live = new HashSet<>();
        repository.liveOnNode(node).forEach(w -> live.add(w.id()));
        int removed = 0;
        for (String id : onNode) {
            if (live.contains(id)) {
                continue;
            }
            Optional<Workspace> recorded = repository.find(id);
            if (recorded.isPresent() && recorded.get().state().isTerminal()) {
                removed += finishDestroy(node, recorded.get()) ? 1 : 0;
                continue;
            }
            String known = recorded.map(w -> "its workspace is " + w.state().contractName() + " on node " + w.node())
                    .orElse("no workspace of that id is known");
            LOG.warn("event=reconcile.orphan_domain node={} workspace={} known=\"{}\" policy={}", node, id, known,
                    orphans);
            if (orphans == OrphanPolicy.DESTROY) {
                try {
                    nodes.destroy(node, id);
                    removed++;
                    LOG.info("event=reconcile.orphan_destroyed node={} workspace={}", node, id);
                } catch (NodeUnavailableException e) {
                    LOG.warn("event=reconcile.orphan_destroy_failed node={} workspace={} reason=\"{}\"", node, id,
                            e.getMessage());
                }
            }
        }
        return removed;
    }

    /**
     * Removes the domain and storage of a workspace that ended in the database while its node kept
     * them. Its recorded state stays; the CPU reading the node returns is kept for accounting.
     */
    private boolean finishDestroy(String node, Workspace ended) {
        try {
            nodes.destroy(node, ended.id()).ifPresent(cpu -> repository.recordCpuSeconds(ended.id(), cpu));
            LOG.info("event=reconcile.destroy_finished node={} workspace={} state={}", node, ended.id(),
                    ended.state().contractName());
            return true;
        } catch (NodeUnavailableException e) {
            LOG.warn("event=reconcile.destroy_unfinished node={} workspace={} state={} reason=\"{}\"", node,
                    ended.id(), ended.state().contractName(), e.getMessage());
            return false;
        }
    }

    private boolean reconcileOne(Workspace w, Optional<WorkspaceState> observed, String how) {
        if (observed.isEmpty()) {
            if (w.state() == WorkspaceState.UNPROPAGATED) {
                LOG.info("event=reconcile.redeploy workspace={} node={}", w.id(), w.node());
                deployer.deployLater(w);
                return true;
            }
            if (w.state() == WorkspaceState.CORRUPTED) {
                return false;
            }
            String cause = "its domain vanished from node " + w.node() + " (found " + w.state().contractName()
                    + " in the database, absent from libvirt, " + how + ")";
            boolean moved = repository.transition(w.id(), WorkspaceState.CORRUPTED, cause).isPresent();
            LOG.warn("event=workspace.domain_vanished workspace={} node={} recorded={} how=\"{}\"", w.id(), w.node(),
                    w.state(), how);
            return moved;
        }
        WorkspaceState actual = offMeansShutdown(w.state(), observed.get());
        if (actual == w.state()) {
            return false;
        }
        boolean moved = repository.transition(w.id(), actual, "libvirt on node " + w.node() + " reports the domain "
                + actual.contractName() + " " + how).isPresent();
        LOG.info("event=workspace.state_corrected workspace={} node={} recorded={} actual={} applied={} how=\"{}\"",
                w.id(), w.node(), w.state(), actual, moved, how);
        return moved;
    }

    /** A defined domain that is off is Propagated before it ever ran, and Shutdown after. */
    private static WorkspaceState offMeansShutdown(WorkspaceState recorded, WorkspaceState observed) {
        boolean ran = recorded == WorkspaceState.RUNNING || recorded == WorkspaceState.PAUSED
                || recorded == WorkspaceState.SHUTDOWN;
        return observed == WorkspaceState.PROPAGATED && ran ? WorkspaceState.SHUTDOWN : observed;
    }
}
