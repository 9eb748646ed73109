package org.agora.workspace.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agora.security.authz.AccessDeniedException;
import org.agora.workspace.model.LifecycleAction;
import org.agora.security.authz.SiteAccessPolicy;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.model.InvalidRequestException;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.NodeDirectory;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.persistence.WorkspaceRepository.Allocation;
import org.agora.workspace.placement.NodeLoad;
import org.agora.workspace.placement.PlacementPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, shows, lists and destroys workspaces on behalf of grid identities.
 *
 * <p>{@link #create} stores the workspace and returns at once; the node is driven from a
 * background pool and every state it reaches is persisted with its cause. Destroy marks the
 * workspace Cancelled before telling the node, so a deployment still in flight sees the
 * cancellation when it finishes and removes what it made: nothing is left half-created.
 */
public final class WorkspaceManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceManager.class);

    private final WorkspaceRepository repository;
    private final NodeDirectory nodes;
    private final PlacementPolicy placement;
    private final RequestLimits limits;
    private final Set<String> adminDns;
    private final SiteAccessPolicy access;
    private final Clock clock;
    private final ExecutorService deployments;
    private final Object placementLock = new Object();

    public WorkspaceManager(WorkspaceRepository repository, NodeDirectory nodes, PlacementPolicy placement,
                            RequestLimits limits, Set<String> adminDns, SiteAccessPolicy access, Clock clock,
                            int deploymentThreads) {
        this.access = access;
        this.repository = repository;
        this.nodes = nodes;
        this.placement = placement;
        this.limits = limits;
        this.adminDns = Set.copyOf(adminDns);
        this.clock = clock;
        this.deployments = Executors.newFixedThreadPool(deploymentThreads, r -> {
            Thread t = new Thread(r, "workspace-deployment");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks and stores a new workspace for {@code caller}, places it on a node and starts its
     * deployment. Returns the stored workspace, still Unpropagated.
     */
    public Workspace create(GridIdentity caller, WorkspaceRequest request)
            throws InvalidRequestException, NoCapacityException, NotAuthorizedException {
        admit(caller);
        if (caller.isLimited()) {
            throw new NotAuthorizedException("a limited proxy may not create workspaces (" + caller.dn()
                    + "); create a full proxy with agora proxy-init or grid-proxy-init without -limited");
        }
        WorkspaceRequest checked = limits.check(request);
        String id = UUID.randomUUID().toString();
        Instant termination = clock.instant().plus(checked.duration());
        Workspace stored;
        // Placement and insert happen together so two creates cannot both take the last free slot.
        synchronized (placementLock) {
            String node = placement.choose(loads(), checked).orElseThrow(() -> new NoCapacityException(
                    "no node can hold " + checked.vcpus() + " vCPUs, " + checked.memoryMiB() + " MiB memory and "
                            + checked.diskMiB() + " MiB disk now (" + nodes.names().size()
                            + " nodes registered); ask for less or try again when workspaces end"));
            stored = repository.insert(id, caller.dn(), checked, node, termination);
        }
        LOG.info("event=workspace.created workspace={} owner=\"{}\" node={} vcpus={} memory_mib={} image={}",
                id, caller.dn(), stored.node(), stored.vcpus(), stored.memoryMiB(), stored.image());
        deployments.execute(() -> deploy(stored));
        return stored;
    }

    /** The workspace, if the caller owns it (or is an admin) and it has not ended. */
    public Workspace get(GridIdentity caller, String id) throws WorkspaceNotFoundException, NotAuthorizedException {
        admit(caller);
        Workspace w = repository.find(id).filter(found -> !found.state().isTerminal())
                .orElseThrow(() -> new WorkspaceNotFoundException("no workspace " + id + " exists here"
                        + " (it may have been destroyed or reached its termination time)"));
        if (!w.owner().equals(caller.dn()) && !adminDns.contains(caller.dn())) {
            throw new NotAuthorizedException("workspace " + id + " belongs to another user; " + caller.dn()
                    + " may not use it");
        }
        return w;
    }

    /** The caller's workspaces that have not ended. */
    public List<Workspace> list(GridIdentity caller) throws NotAuthorizedException {
        admit(caller);
        return repository.listLive(caller.dn());
    }

    /**
     * Starts, shuts down, pauses or reboots the workspace on its node and records the state it
     * reached. Refused, naming the states that allow it, when the workspace is in another.
     */
    public Workspace control(GridIdentity caller, String id, LifecycleAction action)
            throws WorkspaceNotFoundException, NotAuthorizedException, IllegalStateTransitionException,
            NodeUnavailableException {
        Workspace w = get(caller, id);
        if (caller.isLimited()) {
            throw new NotAuthorizedException("a limited proxy may not " + action.name().toLowerCase()
                    + " workspaces (" + caller.dn() + ")");
        }
        if (!action.allowedIn(w.state())) {
            throw new IllegalStateTransitionException(w.state(), "workspace " + id + " is " + w.state().contractName()
                    + "; it can be asked to " + action.name().toLowerCase() + " only when " + action.allowedStates());
        }
        for (var nodeAction : NodeDirectory.nodeActions(action, w.state())) {
            nodes.control(w.node(), id, nodeAction);
        }
        String cause = action.name().toLowerCase() + " at the request of " + caller.dn();
        Workspace after = action.target() == w.state() ? w
                : repository.transition(id, action.target(), cause).orElseThrow(() -> new WorkspaceNotFoundException(
                        "workspace " + id + " ended while it was being asked to " + action.name().toLowerCase()));
        LOG.info("event=workspace.{} workspace={} node={} state={} by=\"{}\"", action.name().toLowerCase(), id,
                w.node(), after.state(), caller.dn());
        return after;
    }

    /**
     * Moves the workspace's termination time, earlier or later, within the site's maximum lifetime
     * counted from its creation.
     */
    public Workspace setTerminationTime(GridIdentity caller, String id, Instant requested)
            throws WorkspaceNotFoundException, NotAuthorizedException, TerminationTimeRejectedException {
        Workspace w = get(caller, id);
        Instant now = clock.instant();
        if (!requested.isAfter(now)) {
            throw new TerminationTimeRejectedException("the requested termination time " + requested
                    + " is not in the future; to end workspace " + id + " now, destroy it");
        }
        Instant latest = w.createdAt().plus(limits.maxDuration());
        if (requested.isAfter(latest)) {
            throw new TerminationTimeRejectedException("the requested termination time " + requested
                    + " exceeds this site's maximum lifetime of " + inWords(limits.maxDuration())
                    + " from creation: workspace " + id + " may live until "
                    + latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " at most");
        }
        Workspace moved = repository.setTerminationTime(id, requested)
                .orElseThrow(() -> new WorkspaceNotFoundException("workspace " + id + " has already ended"));
        LOG.info("event=workspace.termination_set workspace={} from={} to={} by=\"{}\"", id, w.terminationTime(),
                requested, caller.dn());
        return moved;
    }

    /**
     * Destroys every workspace whose termination time has passed, whoever calls. Each one is claimed
     * by its state change under a row lock, so services sharing a database never destroy it twice.
     *
     * @return how many this call destroyed
     */
    public int expire() {
        int destroyed = 0;
        for (Workspace w : repository.expired(clock.instant(), 100)) {
            Optional<Workspace> claimed = repository.transitionIf(w.id(),
                    current -> current.isTerminal() ? null : WorkspaceState.DESTROYED,
                    "reached its termination time " + w.terminationTime());
            if (claimed.isPresent()) {
                destroyed++;
                LOG.info("event=workspace.expired workspace={} node={} termination={}", w.id(), w.node(),
                        w.terminationTime());
                cleanUp(w);
            }
        }
        return destroyed;
    }

    /** "7 days", "12 hours", "90 minutes": how people state lifetimes. */
    static String inWords(java.time.Duration d) {
        if (d.toHours() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toMinutes() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + " minutes";
    }

    /** The caller's used and reserved time over all its workspaces here. */
    public org.agora.workspace.model.Usage usage(GridIdentity caller) throws NotAuthorizedException {
        admit(caller);
        return org.agora.workspace.model.Usage.of(repository.allOf(caller.dn()), repository::history, clock.instant());
    }

    /** The site's admission policy (grid-mapfile, VOs) comes before any ownership question. */
    private void admit(GridIdentity caller) throws NotAuthorizedException {
        try {
            access.admit(caller);
        } catch (AccessDeniedException e) {
            throw new NotAuthorizedException(e.getMessage());
        }
    }

    /**
     * Cancels the workspace and removes its domain and storage from its node.
     *
     * @throws DestroyFailedException when the node could not remove the domain; the workspace is
     *         cancelled regardless and the node is cleaned when it is next reconciled
     */
    public void destroy(GridIdentity caller, String id)
            throws WorkspaceNotFoundException, NotAuthorizedException, DestroyFailedException {
        Workspace w = get(caller, id);
        Optional<Workspace> cancelled = repository.transition(id, WorkspaceState.CANCELLED,
                "destroyed at the request of " + caller.dn());
        if (cancelled.isEmpty()) {
            throw new WorkspaceNotFoundException("workspace " + id + " has already ended");
        }
        LOG.info("event=workspace.cancelled workspace={} by=\"{}\" node={}", id, caller.dn(), w.node());
        try {
            nodes.destroy(w.node(), id);
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.destroy_failed workspace={} node={} reason=\"{}\"", id, w.node(), e.getMessage());
            throw new DestroyFailedException("workspace " + id + " is cancelled, but " + e.getMessage()
                    + "; its domain will be removed when the node is next reconciled");
        }
    }

    /** The recorded state changes of a workspace the caller may see. */
    public List<org.agora.workspace.model.StateChange> history(GridIdentity caller, String id)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        get(caller, id);
        return repository.history(id);
    }

    /**
     * Matches the live workspaces of every node with what the node's libvirt really runs, as after
     * a restart of the service or of an adapter: a deployment that never reached its node is
     * started again, a workspace whose domain vanished becomes Corrupted with that cause, and a
     * domain found in another state than recorded is recorded as it is. Unreachable nodes are
     * skipped and logged; their workspaces keep their state until the next reconciliation.
     *
     * @return how many workspaces were redeployed or changed state
     */
    public int reconcile() {
        int changed = 0;
        for (String node : nodes.names()) {
            changed += handleOrphans(node);
            for (Workspace w : repository.liveOnNode(node)) {
                Optional<WorkspaceState> observed;
                try {
                    observed = nodes.observedState(node, w.id());
                } catch (NodeUnavailableException e) {
                    LOG.warn("event=reconcile.node_unreachable node={} workspace={} reason=\"{}\"", node, w.id(),
                            e.getMessage());
                    continue;
                }
                if (reconcileOne(w, observed)) {
                    changed++;
                }
            }
        }
        LOG.info("event=reconcile.done nodes={} changed={}", nodes.names().size(), changed);
        return changed;
    }

    /**
     * Domains on the node that no live workspace accounts for (their workspace ended while the node
     * was unreachable, or the database was restored from a backup) are reported, and removed when the
     * site's policy says so.
     */
    private int handleOrphans(String node) {
        java.util.Set<String> onNode;
        try {
            onNode = nodes.domainsOn(node);
        } catch (NodeUnavailableException e) {
            return 0;
        }
        java.util.Set<String> live = new java.util.HashSet<>();
        repository.liveOnNode(node).forEach(w -> live.add(w.id()));
        int removed = 0;
        for (String id : onNode) {
            if (live.contains(id)) {
                continue;
            }
            String known = repository.find(id).map(w -> "its workspace is " + w.state().contractName())
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

    /** What reconciliation does with domains no live workspace accounts for. */
    public enum OrphanPolicy { REPORT, DESTROY }

    private volatile OrphanPolicy orphans = OrphanPolicy.REPORT;

    /** Sets the orphan-domain policy (report by default: a domain is never removed on a guess). */
    public void orphanPolicy(OrphanPolicy policy) {
        this.orphans = policy;
    }

    private boolean reconcileOne(Workspace w, Optional<WorkspaceState> observed) {
        if (observed.isEmpty()) {
            if (w.state() == WorkspaceState.UNPROPAGATED) {
                LOG.info("event=reconcile.redeploy workspace={} node={}", w.id(), w.node());
                deployments.submit(() -> deploy(w));
                return true;
            }
            if (w.state() == WorkspaceState.CORRUPTED) {
                return false;
            }
            String cause = "its domain vanished from node " + w.node() + " (found " + w.state().contractName()
                    + " in the database, absent from libvirt, at reconciliation)";
            boolean moved = repository.transition(w.id(), WorkspaceState.CORRUPTED, cause).isPresent();
            LOG.warn("event=reconcile.domain_vanished workspace={} node={} recorded={}", w.id(), w.node(), w.state());
            return moved;
        }
        WorkspaceState actual = observed.get();
        if (actual == w.state()) {
            return false;
        }
        boolean moved = repository.transition(w.id(), actual, "libvirt on node " + w.node() + " reports the domain "
                + actual.contractName() + " at reconciliation").isPresent();
        LOG.info("event=reconcile.state_corrected workspace={} node={} recorded={} actual={} applied={}", w.id(),
                w.node(), w.state(), actual, moved);
        return moved;
    }

    private void deploy(Workspace w) {
        WorkspaceState reached;
        String cause;
        try {
            reached = nodes.deploy(w);
            cause = "domain " + reached.contractName().toLowerCase() + " on node " + w.node();
        } catch (NodeUnavailableException | RuntimeException e) {
            LOG.warn("event=workspace.deploy_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(), e.getMessage());
            repository.transition(w.id(), WorkspaceState.CORRUPTED, "deployment failed: " + e.getMessage());
            cleanUp(w);
            return;
        }
        Optional<Workspace> moved = repository.transition(w.id(), reached, cause);
        if (moved.isPresent()) {
            LOG.info("event=workspace.{} workspace={} node={}", reached.contractName().toLowerCase(), w.id(), w.node());
        } else {
            // Cancelled (or otherwise ended) while the node was working: undo what the node made.
            LOG.info("event=workspace.deploy_superseded workspace={} node={}", w.id(), w.node());
            cleanUp(w);
        }
    }

    private void cleanUp(Workspace w) {
        try {
            nodes.destroy(w.node(), w.id());
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.cleanup_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
    }

    private List<NodeLoad> loads() {
        var allocations = repository.allocationsByNode();
        List<NodeLoad> loads = new ArrayList<>();
        for (String name : nodes.names()) {
            nodes.capacity(name).ifPresent(c -> {
                Allocation used = allocations.getOrDefault(name, new Allocation(0, 0, 0));
                loads.add(new NodeLoad(name, c.vcpus(), c.memoryMiB(), c.diskMiB(),
                        used.vcpus(), used.memoryMiB(), used.diskMiB()));
            });
        }
        return loads;
    }

    /** Waits for deployments in flight to finish, up to the given time. */
    @Override
    public void close() {
        deployments.shutdown();
        try {
            if (!deployments.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("event=workspace.shutdown deployments still running after 30 s; they resume at reconciliation");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
