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
import org.agora.workspace.node.DomainAction;
import org.agora.workspace.node.NodeGateway;
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
    private final NodeGateway nodes;
    private final PlacementPolicy placement;
    private final RequestLimits limits;
    private final Set<String> adminDns;
    private final SiteAccessPolicy access;
    private final Clock clock;
    private final ExecutorService deployments;
    private final Object placementLock = new Object();

    public WorkspaceManager(WorkspaceRepository repository, NodeGateway nodes, PlacementPolicy placement,
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
        WorkspaceRequest checked = limits.check(request);
        if (checked.bid() != null && market == null) {
            throw new InvalidRequestException("Bid", "no Bid: this site prices CPU by fixed allocation",
                    "this site runs no CPU market, so a Create with a Bid cannot be placed; send "
                            + "ResourceAllocation/CpuWeight instead, or use a site whose market is enabled");
        }
        String id = UUID.randomUUID().toString();
        Instant termination = clock.instant().plus(checked.duration());
        Workspace stored;
        // Placement and insert happen together so two creates cannot both take the last free slot.
        synchronized (placementLock) {
            List<NodeLoad> loads = loads();
            String node = checked.bid() == null ? placement.choose(loads, checked).orElseThrow(() -> noCapacity(checked, 1, 0))
                    : marketNode(loads, checked);
            if (checked.bid() != null) {
                try {
                    market.bid(caller, id, node, checked.bid().amount(), termination);
                } catch (MarketAccess.BidRefusedException e) {
                    throw new InvalidRequestException("Bid", "a bid the market accepts", e.getMessage());
                }
            }
            try {
                stored = repository.insert(id, caller.dn(), caller.fqans(), checked, node, termination);
            } catch (RuntimeException e) {
                if (checked.bid() != null) {
                    market.release(id);
                }
                throw e;
            }
        }
        LOG.info("event=workspace.created workspace={} owner=\"{}\" node={} vcpus={} memory_mib={} image={}",
                id, caller.dn(), stored.node(), stored.vcpus(), stored.memoryMiB(), stored.image());
        deployments.execute(() -> deploy(stored));
        return stored;
    }

    /** The bid's host if it names one that fits, else the cheapest fitting node the market lists. */
    private String marketNode(List<NodeLoad> loads, WorkspaceRequest r) throws NoCapacityException, InvalidRequestException {
        List<String> fitting = loads.stream().filter(l -> l.fits(r)).map(NodeLoad::node).toList();
        if (fitting.isEmpty()) {
            throw noCapacity(r, 1, 0);
        }
        String host = r.bid().host();
        if (host != null && !host.isBlank()) {
            if (!fitting.contains(host.strip())) {
                throw new InvalidRequestException("Bid/Host", "one of " + fitting, "Bid/Host " + host
                        + " cannot hold this workspace now; nodes that can: " + fitting);
            }
            return host.strip();
        }
        return market.cheapest(fitting).orElse(fitting.get(0));
    }

    private volatile MarketAccess market;

    /** Lets workspaces be created with a bid, through the site's market. */
    public void market(MarketAccess access) {
        this.market = access;
    }

    private NoCapacityException noCapacity(WorkspaceRequest r, int wanted, int placed) {
        String what = r.vcpus() + " vCPUs, " + r.memoryMiB() + " MiB memory and " + r.diskMiB() + " MiB disk"
                + (r.platform() != null && r.platform().hypervisor() != null
                        ? " on " + r.platform().hypervisor().contractName() : "")
                + (r.platform() != null && r.platform().arch() != null ? " (" + r.platform().arch() + ")" : "");
        String count = wanted == 1 ? "no node can hold " + what
                : "only " + placed + " of the " + wanted + " workspaces of " + what + " each fit";
        return new NoCapacityException(count + " now (" + nodes.names().size() + " nodes registered); "
                + (wanted == 1 ? "" : "nothing was created; ") + "ask for less or try again when workspaces end");
    }

    /**
     * Creates {@code count} identical workspaces as one group, placed all-or-nothing: either every
     * member has a node and is stored, or nothing is stored and the caller hears how many would fit.
     */
    public Group createGroup(GridIdentity caller, WorkspaceRequest request, int count)
            throws InvalidRequestException, NoCapacityException, NotAuthorizedException {
        admit(caller);
        if (count < 1 || count > MAX_GROUP) {
            throw new InvalidRequestException("Count", "from 1 to " + MAX_GROUP,
                    "Count is " + count + "; a group has from 1 to " + MAX_GROUP + " workspaces");
        }
        WorkspaceRequest checked = limits.check(request);
        String groupId = UUID.randomUUID().toString();
        Instant termination = clock.instant().plus(checked.duration());
        List<String> ids = new ArrayList<>();
        List<Workspace> members;
        synchronized (placementLock) {
            List<NodeLoad> loads = new ArrayList<>(loads());
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                java.util.Optional<String> node = placement.choose(loads, checked);
                if (node.isEmpty()) {
                    LOG.info("event=group.no_capacity owner=\"{}\" wanted={} placed={}", caller.dn(), count, i);
                    throw noCapacity(checked, count, i);
                }
                chosen.add(node.get());
                ids.add(UUID.randomUUID().toString());
                // Later members see the earlier ones' reservations: the group never over-commits a node.
                loads.replaceAll(l -> l.node().equals(node.get()) ? l.plus(checked) : l);
            }
            members = repository.insertGroup(groupId, caller.dn(), caller.fqans(), checked, ids, chosen, termination);
        }
        LOG.info("event=group.created group={} owner=\"{}\" members={} nodes={}", groupId, caller.dn(), count,
                members.stream().map(Workspace::node).distinct().toList());
        members.forEach(m -> deployments.execute(() -> deploy(m)));
        return new Group(groupId, caller.dn(), members);
    }

    /** The most workspaces one group may have. */
    public static final int MAX_GROUP = 256;

    /** A group and its members as they are now. */
    public record Group(String id, String owner, List<Workspace> members) {
        /** The latest termination time among the members. */
        public Instant terminationTime() {
            return members.stream().map(Workspace::terminationTime).max(Instant::compareTo).orElse(Instant.EPOCH);
        }
    }

    /** The group, if the caller owns it (or is an admin); its members include ended ones. */
    public Group group(GridIdentity caller, String groupId) throws WorkspaceNotFoundException, NotAuthorizedException {
        admit(caller);
        String owner = repository.groupOwner(groupId).orElseThrow(() -> new WorkspaceNotFoundException(
                "no group " + groupId + " exists here"));
        if (!owner.equals(caller.dn()) && !adminDns.contains(caller.dn())) {
            throw new NotAuthorizedException("group " + groupId + " belongs to another user; " + caller.dn()
                    + " may not use it");
        }
        List<Workspace> members = repository.members(groupId);
        if (members.stream().allMatch(m -> m.state().isTerminal())) {
            throw new WorkspaceNotFoundException("group " + groupId + " has ended: all its workspaces are destroyed");
        }
        return new Group(groupId, owner, members);
    }

    /** What a group operation did to one member: the state it is in after, and why not, if it did not move. */
    public record MemberOutcome(String workspaceId, WorkspaceState state, String problem) {
    }

    /** Applies a lifecycle action to every live member; members that cannot take it are reported, not fatal. */
    public List<MemberOutcome> controlGroup(GridIdentity caller, String groupId, LifecycleAction action)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        Group g = group(caller, groupId);
        List<MemberOutcome> outcomes = new ArrayList<>();
        for (Workspace m : g.members()) {
            if (m.state().isTerminal()) {
                continue;
            }
            try {
                outcomes.add(new MemberOutcome(m.id(), control(caller, m.id(), action).state(), null));
            } catch (IllegalStateTransitionException | NodeUnavailableException | WorkspaceNotFoundException e) {
                WorkspaceState now = repository.find(m.id()).map(Workspace::state).orElse(m.state());
                outcomes.add(new MemberOutcome(m.id(), now, e.getMessage()));
            }
        }
        return outcomes;
    }

    /** Destroys every live member of the group; members whose node could not be reached are reported. */
    public List<MemberOutcome> destroyGroup(GridIdentity caller, String groupId)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        Group g = group(caller, groupId);
        List<MemberOutcome> outcomes = new ArrayList<>();
        for (Workspace m : g.members()) {
            if (m.state().isTerminal()) {
                continue;
            }
            try {
                destroy(caller, m.id());
                outcomes.add(new MemberOutcome(m.id(), WorkspaceState.CANCELLED, null));
            } catch (DestroyFailedException | WorkspaceNotFoundException e) {
                outcomes.add(new MemberOutcome(m.id(), WorkspaceState.CANCELLED, e.getMessage()));
            }
        }
        LOG.info("event=group.destroyed group={} members={} by=\"{}\"", groupId, outcomes.size(), caller.dn());
        return outcomes;
    }

    /** A workspace whose disk was saved, and the image name it was saved under. */
    public record Saved(Workspace workspace, String image) {
    }

    /**
     * Shuts the guest down and saves its disk into the node's image repository under
     * {@code imageName} (default: the image's name and the workspace id). The workspace stays,
     * Shutdown, until it is destroyed or reaches its termination time.
     */
    public Saved shutdownSave(GridIdentity caller, String id, String imageName) throws WorkspaceNotFoundException,
            NotAuthorizedException, IllegalStateTransitionException, NodeUnavailableException, InvalidRequestException {
        Workspace w = get(caller, id);
        java.util.Set<WorkspaceState> allowed = java.util.EnumSet.of(WorkspaceState.RUNNING, WorkspaceState.PAUSED,
                WorkspaceState.SHUTDOWN);
        if (!allowed.contains(w.state())) {
            throw new IllegalStateTransitionException(w.state(), "workspace " + id + " is " + w.state().contractName()
                    + "; its disk can be saved only when it is Running, Paused or Shutdown");
        }
        String name = imageName == null || imageName.isBlank() ? savedImageName(w) : imageName.strip();
        if (!SAVED_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("SavedImage", "letters, digits and . _ -, up to 128",
                    "SavedImage '" + name + "' is not a name an image can be saved under");
        }
        String saved = nodes.shutdownSave(w.node(), id, name);
        Workspace after = w.state() == WorkspaceState.SHUTDOWN ? w : repository.transition(id, WorkspaceState.SHUTDOWN,
                "shut down and saved as image " + saved + " at the request of " + caller.dn()).orElse(w);
        LOG.info("event=workspace.saved workspace={} node={} image={} by=\"{}\"", id, w.node(), saved, caller.dn());
        return new Saved(after, saved);
    }

    private static final java.util.regex.Pattern SAVED_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    static String savedImageName(Workspace w) {
        String base = w.image().replaceAll(".*/", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return (base.isEmpty() ? "image" : base) + "-" + w.id();
    }

    /** The node's view of the workspace's guest (CPU time, readiness); empty when it cannot be asked. */
    public java.util.Optional<NodeGateway.GuestView> nodeView(Workspace w) {
        if (w.node() == null || w.state() == WorkspaceState.UNPROPAGATED || w.state().isTerminal()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(nodes.guestView(w.node(), w.id()));
        } catch (NodeUnavailableException e) {
            return java.util.Optional.empty();
        }
    }

    /** CPU seconds the workspace's guest has used, from its node; empty when the node cannot say. */
    public java.util.Optional<Double> cpuSeconds(Workspace w) {
        if (w.node() == null || w.state() == WorkspaceState.UNPROPAGATED || w.state().isTerminal()) {
            return java.util.Optional.empty();
        }
        try {
            return nodes.cpuSeconds(w.node(), w.id());
        } catch (NodeUnavailableException e) {
            return java.util.Optional.empty();
        }
    }

    /** The console output one call returns by default, and at most. */
    public static final int DEFAULT_CONSOLE_BYTES = 64 * 1024;
    public static final int MAX_CONSOLE_BYTES = 1024 * 1024;

    /**
     * The end of the workspace's serial console, for its owner (or an admin).
     *
     * @throws InvalidRequestException when {@code maxBytes} is out of range, or the workspace has no
     *         domain yet (Unpropagated)
     */
    public NodeGateway.Console console(GridIdentity caller, String id, Integer maxBytes)
            throws WorkspaceNotFoundException, NotAuthorizedException, NodeUnavailableException,
            InvalidRequestException {
        Workspace w = get(caller, id);
        int max = maxBytes == null ? DEFAULT_CONSOLE_BYTES : maxBytes;
        if (max < 1 || max > MAX_CONSOLE_BYTES) {
            throw new InvalidRequestException("MaxBytes", "1.." + MAX_CONSOLE_BYTES,
                    "MaxBytes is " + max + "; ask for 1 to " + MAX_CONSOLE_BYTES + " bytes of console output");
        }
        if (w.state() == WorkspaceState.UNPROPAGATED) {
            throw new InvalidRequestException("Workspace", "a deployed workspace", "workspace " + id
                    + " is not deployed on its node yet, so it has no console; wait until it is Running");
        }
        return nodes.console(w.node(), id, max);
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
        if (!action.allowedIn(w.state())) {
            throw new IllegalStateTransitionException(w.state(), "workspace " + id + " is " + w.state().contractName()
                    + "; it can be asked to " + action.name().toLowerCase() + " only when " + action.allowedStates());
        }
        for (var nodeAction : DomainAction.carrying(action, w.state())) {
            nodes.control(w.node(), id, nodeAction);
        }
        String cause = action.name().toLowerCase() + " at the request of " + caller.dn();
        Workspace after = action.target() == w.state() ? w
                : moveOrFind(id, action.target(), cause).orElseThrow(() -> new WorkspaceNotFoundException(
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
                LOG.info("event=workspace.expired workspace={} node={} termination={} shutdown={}", w.id(), w.node(),
                        w.terminationTime(), w.shutdown());
                switch (w.shutdown() == null ? org.agora.workspace.model.ShutdownMechanism.NORMAL : w.shutdown()) {
                    case SAVE -> {
                        saveAtEnd(w);
                        cleanUp(w);
                    }
                    // The guest gets its grace period on a deployment thread: the sweep goes on.
                    case NORMAL -> deployments.execute(() -> {
                        shutDownAtEnd(w);
                        cleanUp(w);
                    });
                    case TRASH -> cleanUp(w);
                }
            }
        }
        return destroyed;
    }

    private volatile java.time.Duration shutdownGrace = java.time.Duration.ofSeconds(60);

    /** How long a guest is given to shut down at its termination time (Normal shutdown) before it is forced off. */
    public void shutdownGrace(java.time.Duration grace) {
        this.shutdownGrace = grace;
    }

    private void shutDownAtEnd(Workspace w) {
        if (w.state() != WorkspaceState.RUNNING && w.state() != WorkspaceState.PAUSED) {
            return;
        }
        long started = System.nanoTime();
        try {
            // An off domain reports no CPU time: accounting's reading is taken while the guest still runs.
            nodes.cpuSeconds(w.node(), w.id()).ifPresent(cpu -> repository.recordCpuSeconds(w.id(), cpu));
            nodes.shutdownGracefully(w.node(), w.id(), shutdownGrace);
            LOG.info("event=workspace.shut_down_at_end workspace={} node={} millis={}", w.id(), w.node(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.shutdown_at_end_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
    }

    private void saveAtEnd(Workspace w) {
        try {
            String saved = nodes.shutdownSave(w.node(), w.id(), savedImageName(w));
            LOG.info("event=workspace.saved_at_end workspace={} node={} image={}", w.id(), w.node(), saved);
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.save_at_end_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
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

    /**
     * Usage records of the caller's workspaces created in [from, to) — everyone's for a site admin —
     * with CPU time from the nodes for live ones and the market charge for those with a bid.
     */
    public List<org.agora.workspace.accounting.UsageRecord> usageRecords(GridIdentity caller, Instant from, Instant to)
            throws NotAuthorizedException {
        admit(caller);
        List<Workspace> all = adminDns.contains(caller.dn()) ? repository.createdBetween(null, from, to)
                : repository.createdBetween(caller.dn(), from, to);
        Instant now = clock.instant();
        List<org.agora.workspace.accounting.UsageRecord> records = new ArrayList<>();
        for (Workspace w : all) {
            records.add(org.agora.workspace.accounting.UsageRecord.of(w, repository.history(w.id()), now,
                    cpuSeconds(w).orElse(w.lastCpuSeconds()), market == null ? null : market.charged(w.id()).orElse(null)));
        }
        return records;
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
            nodes.destroy(w.node(), id).ifPresent(cpu -> repository.recordCpuSeconds(id, cpu));
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
            changed += reconcileNode(node);
        }
        LOG.info("event=reconcile.done nodes={} changed={}", nodes.names().size(), changed);
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

    /** What reconciliation does with domains no live workspace accounts for. */
    public enum OrphanPolicy { REPORT, DESTROY }

    private volatile OrphanPolicy orphans = OrphanPolicy.REPORT;

    /** Sets the orphan-domain policy (report by default: a domain is never removed on a guess). */
    public void orphanPolicy(OrphanPolicy policy) {
        this.orphans = policy;
    }

    private boolean reconcileOne(Workspace w, Optional<WorkspaceState> observed, String how) {
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

    /**
     * Moves the workspace to {@code target}, or returns it as it is when it already got there by
     * another path (the node's liveness report can record a change before the call that caused it
     * returns); empty when it has ended.
     */
    private Optional<Workspace> moveOrFind(String id, WorkspaceState target, String cause) {
        Optional<Workspace> moved = repository.transition(id, target, cause);
        return moved.isPresent() ? moved : repository.find(id).filter(w -> w.state() == target);
    }

    private void deploy(Workspace w) {
        WorkspaceState reached;
        String cause;
        try {
            reached = nodes.deploy(w);
            cause = "domain " + reached.contractName().toLowerCase() + " on node " + w.node();
        } catch (NodeUnavailableException e) {
            if (e.unreachable()) {
                // The node never heard the request: nothing was made there. The workspace stays
                // Unpropagated and the next reconciliation deploys it once the node answers.
                LOG.warn("event=workspace.deploy_deferred workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                        e.getMessage());
                return;
            }
            LOG.warn("event=workspace.deploy_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(), e.getMessage());
            repository.transition(w.id(), WorkspaceState.CORRUPTED, "deployment failed: " + e.getMessage());
            cleanUp(w);
            return;
        } catch (RuntimeException e) {
            LOG.warn("event=workspace.deploy_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(), e.getMessage());
            repository.transition(w.id(), WorkspaceState.CORRUPTED, "deployment failed: " + e.getMessage());
            cleanUp(w);
            return;
        }
        Optional<Workspace> moved = moveOrFind(w.id(), reached, cause);
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
            nodes.destroy(w.node(), w.id()).ifPresent(cpu -> repository.recordCpuSeconds(w.id(), cpu));
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.cleanup_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
    }

    private List<NodeLoad> loads() {
        var names = nodes.names();
        var allocations = repository.allocationsOn(names);
        List<NodeLoad> loads = new ArrayList<>();
        for (String name : names) {
            nodes.capacity(name).ifPresent(c -> {
                Allocation used = allocations.getOrDefault(name, new Allocation(0, 0, 0));
                loads.add(new NodeLoad(name, c.vcpus(), c.memoryMiB(), c.diskMiB(),
                        used.vcpus(), used.memoryMiB(), used.diskMiB(), c.hypervisor(), c.arch()));
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
