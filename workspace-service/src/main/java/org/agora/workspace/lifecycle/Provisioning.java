package org.agora.workspace.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.model.InvalidRequestException;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.persistence.NodeAllocations.Allocation;
import org.agora.workspace.persistence.NodeFullException;
import org.agora.workspace.placement.NodeLoad;
import org.agora.workspace.placement.PlacementPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes new workspaces: admits the request, picks a node that can hold it (by the placement
 * policy, or by the market for a bid), stores it Unpropagated and hands it to the {@link Deployer}.
 * Placement is decided on the loads as read, and holds only if the node still has room when the
 * workspace is stored: the insert claims the node and checks its capacity in the database
 * ({@link org.agora.workspace.persistence.NodeAllocations}), so two creates, on this replica or on
 * others sharing the database or its cluster, cannot both take a node's last free slot; the one
 * that finds the node filled decides again on the loads as they are then.
 */
public final class Provisioning {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

    private final Admission admission;
    private final WorkspaceRepository repository;
    private final NodeGateway nodes;
    private final PlacementPolicy placement;
    private final Deployer deployer;
    private final MarketAccess market;
    private final Clock clock;
    /**
     * Placements made by this replica one at a time, as the database's own guard (a claim on the
     * node's row, then a sum) does across replicas: two of this replica's creates never meet at a
     * node's last slot, whatever the database's guard does under contention.
     */
    private final Object placementLock = new Object();

    /** @param market the site's CPU market, or null where the site runs none (a Create with a Bid is refused) */
    public Provisioning(Admission admission, WorkspaceRepository repository, NodeGateway nodes,
                        PlacementPolicy placement, Deployer deployer, MarketAccess market, Clock clock) {
        this.admission = admission;
        this.repository = repository;
        this.nodes = nodes;
        this.placement = placement;
        this.deployer = deployer;
        this.market = market;
        this.clock = clock;
    }

    /**
     * Checks and stores a new workspace for {@code caller}, places it on a node and starts its
     * deployment. Returns the stored workspace, still Unpropagated.
     */
    public Workspace create(GridIdentity caller, WorkspaceRequest request)
            throws InvalidRequestException, NoCapacityException, NotAuthorizedException {
        WorkspaceRequest checked = admission.admitRequest(caller, request);
        if (checked.bid() != null && market == null) {
            throw new InvalidRequestException("Bid", "no Bid: this site prices CPU by fixed allocation",
                    "this site runs no CPU market, so a Create with a Bid cannot be placed; send "
                            + "ResourceAllocation/CpuWeight instead, or use a site whose market is enabled");
        }
        Instant termination = clock.instant().plus(checked.duration());
        Workspace stored = null;
        for (int attempt = 1; stored == null; attempt++) {
            // A fresh id for every attempt: a bid released after a lost race is not placed again under its id.
            String id = UUID.randomUUID().toString();
            synchronized (placementLock) {
                List<NodeLoad> loads = loads();
                String node = checked.bid() == null
                        ? placement.choose(loads, checked).orElseThrow(() -> noCapacity(checked, 1, 0))
                        : marketNode(loads, checked);
                stored = placeOn(caller, checked, id, node, capacityOf(loads, node), termination, attempt);
            }
        }
        LOG.info("event=workspace.created workspace={} owner=\"{}\" via=\"{}\" node={} vcpus={} memory_mib={} image={}",
                stored.id(), caller.dn(), caller.isRelayed() ? caller.relayedBy() : "-", stored.node(), stored.vcpus(),
                stored.memoryMiB(), stored.image());
        deployer.deployLater(stored);
        return stored;
    }

    /**
     * Creates {@code count} identical workspaces as one group, placed all-or-nothing: either every
     * member has a node and is stored, or nothing is stored and the caller hears how many would fit.
     */
    public Group createGroup(GridIdentity caller, WorkspaceRequest request, int count)
            throws InvalidRequestException, NoCapacityException, NotAuthorizedException {
        WorkspaceRequest checked = admission.admitGroup(caller, request, count);
        String groupId = UUID.randomUUID().toString();
        Instant termination = clock.instant().plus(checked.duration());
        List<Workspace> members = null;
        for (int attempt = 1; members == null; attempt++) {
            synchronized (placementLock) {
                List<NodeLoad> loads = new ArrayList<>(loads());
                Map<String, Allocation> capacities = new HashMap<>();
                List<String> chosen = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    Optional<String> node = placement.choose(loads, checked);
                    if (node.isEmpty()) {
                        LOG.info("event=group.no_capacity owner=\"{}\" wanted={} placed={}", caller.dn(), count, i);
                        throw noCapacity(checked, count, i);
                    }
                    chosen.add(node.get());
                    capacities.put(node.get(), capacityOf(loads, node.get()));
                    ids.add(UUID.randomUUID().toString());
                    // Later members see the earlier ones' reservations: the group never over-commits a node.
                    loads.replaceAll(l -> l.node().equals(node.get()) ? l.plus(checked) : l);
                }
                try {
                    members = repository.insertGroup(groupId, caller.dn(), caller.fqans(), caller.relayedBy(), checked, ids,
                            chosen,
                            capacities, termination);
                } catch (NodeFullException e) {
                    members = lostRace(e, checked, count, attempt);
                }
            }
        }
        LOG.info("event=group.created group={} owner=\"{}\" via=\"{}\" members={} nodes={}", groupId, caller.dn(),
                caller.isRelayed() ? caller.relayedBy() : "-", count,
                members.stream().map(Workspace::node).distinct().toList());
        members.forEach(deployer::deployLater);
        return new Group(groupId, caller.dn(), members);
    }

    /**
     * Bids (for a market request) and stores the workspace on {@code node}; null when the node was
     * filled by another placement after the loads were read (the bid then released), for the caller
     * to decide again on the loads as they are now.
     */
    private Workspace placeOn(GridIdentity caller, WorkspaceRequest checked, String id, String node, Allocation capacity,
                              Instant termination, int attempt) throws InvalidRequestException, NoCapacityException {
        if (checked.bid() != null) {
            try {
                market.bid(caller, id, node, checked.bid().amount(), termination);
            } catch (MarketAccess.BidRefusedException e) {
                throw new InvalidRequestException("Bid", "a bid the market accepts", e.getMessage());
            }
        }
        try {
            return repository.insert(id, caller.dn(), caller.fqans(), caller.relayedBy(), checked, node, capacity,
                    termination);
        } catch (NodeFullException e) {
            if (checked.bid() != null) {
                market.release(id);
            }
            return lostRace(e, checked, 1, attempt);
        } catch (RuntimeException e) {
            if (checked.bid() != null) {
                market.release(id);
            }
            throw e;
        }
    }

    /**
     * Logs a placement that lost its node to a concurrent one; gives up with the capacity fault
     * once it has lost {@value #MAX_PLACEMENT_ATTEMPTS} times (every loss is another placement's
     * success, so only a site filling and emptying as fast as it is asked gets there).
     */
    private <T> T lostRace(NodeFullException e, WorkspaceRequest r, int wanted, int attempt) throws NoCapacityException {
        LOG.debug("event=placement.lost_race node={} attempt={}", e.node(), attempt);
        if (attempt >= MAX_PLACEMENT_ATTEMPTS) {
            throw noCapacity(r, wanted, 0);
        }
        return null;
    }

    private static final int MAX_PLACEMENT_ATTEMPTS = 50;

    private static Allocation capacityOf(List<NodeLoad> loads, String node) {
        return loads.stream().filter(l -> l.node().equals(node)).findFirst()
                .map(l -> new Allocation(l.vcpus(), l.memoryMiB(), l.diskMiB()))
                .orElseThrow(() -> new IllegalStateException("placement chose " + node + ", which it was not offered"));
    }

    /** The bid's host if it names one that fits, else the cheapest fitting node the market lists. */
    private String marketNode(List<NodeLoad> loads, WorkspaceRequest r) throws NoCapacityException,
            InvalidRequestException {
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

    /** Each reachable node's capacity and what the live workspaces placed there hold. */
    private List<NodeLoad> loads() {
        var names = nodes.names();
        var allocations = repository.allocationsOn(names);
        List<NodeLoad> loads = new ArrayList<>();
        for (String name : names) {
            nodes.capacity(name).ifPresent(c -> {
                Allocation used = allocations.getOrDefault(name, Allocation.NONE);
                loads.add(new NodeLoad(name, c.vcpus(), c.memoryMiB(), c.diskMiB(),
                        used.vcpus(), used.memoryMiB(), used.diskMiB(), c.hypervisor(), c.arch()));
            });
        }
        return loads;
    }
}
