package org.agora.workspace.node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;

/**
 * Nodes held in memory, for testing the workspace core without a site adapter. It honours the
 * gateway's contract as the SOAP gateway and the adapter behind it do: nodes have a capacity,
 * domains have states, destroy is fine when the domain is already gone, every call to a node that
 * is unreachable fails as unreachable, and every domain change is an event in the node's log.
 *
 * <p>A test can make the next deploy on a node fail after the domain was defined (as an adapter
 * that prepared storage and then failed to start the guest), take a node off the network, or change
 * a node's domains behind the service's back.
 */
public final class InMemoryNodeGateway implements NodeGateway {

    /** One domain on a node: the workspace it runs, as deployed, and what it amounts to now. */
    public record Domain(Workspace workspace, WorkspaceState state) {
    }

    private static final class FakeNode {
        final NodeCapacity capacity;
        final Map<String, Domain> domains = new LinkedHashMap<>();
        final List<DomainEvents.Event> events = new ArrayList<>();
        final String epoch = UUID.randomUUID().toString();
        boolean unreachable;
        boolean described;
        int deployAttempts;
        int watches;
        String failNextDeploy;

        FakeNode(NodeCapacity capacity) {
            this.capacity = capacity;
        }
    }

    private final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    private final Map<String, Double> cpuSeconds = new HashMap<>();
    private long sequence;

    /** Adds a node; registration order is the order placement sees nodes in. */
    public synchronized InMemoryNodeGateway node(String name, NodeCapacity capacity) {
        nodes.put(name, new FakeNode(capacity));
        return this;
    }

    /** The next deploy on the node defines the domain and then fails with {@code reason}, as a refusal. */
    public synchronized void failNextDeploy(String node, String reason) {
        find(node).failNextDeploy = reason;
    }

    /** Takes the node off the network (every call fails as unreachable), or puts it back. */
    public synchronized void unreachable(String node, boolean unreachable) {
        find(node).unreachable = unreachable;
        notifyAll();
    }

    /** The node's domains now, by workspace id. */
    public synchronized Map<String, Domain> domains(String node) {
        return Map.copyOf(find(node).domains);
    }

    /** Removes a domain behind the service's back (an admin's {@code virsh undefine}). */
    public synchronized void removeBehindTheServicesBack(String node, String workspaceId) {
        if (find(node).domains.remove(workspaceId) != null) {
            event(node, workspaceId, Optional.empty(), "domain vanished from libvirt");
        }
    }

    /** Defines a running domain the service knows nothing of (another site's, or a restored database's). */
    public synchronized void defineBehindTheServicesBack(String node, Workspace w) {
        find(node).domains.put(w.id(), new Domain(w, WorkspaceState.RUNNING));
    }

    /** The CPU seconds the node reports for a workspace's guest. */
    public synchronized void cpuSeconds(String workspaceId, double seconds) {
        cpuSeconds.put(workspaceId, seconds);
    }

    @Override
    public synchronized List<String> names() {
        return new ArrayList<>(nodes.keySet());
    }

    /** How many deploys the node was asked for, heard or not. */
    public synchronized int deployAttempts(String node) {
        return find(node).deployAttempts;
    }

    /** How many watches the node was asked for. */
    public synchronized int watches(String node) {
        return find(node).watches;
    }

    /** Known once the node has described itself, as the SOAP gateway keeps it; empty before, while unreachable. */
    @Override
    public synchronized Optional<NodeCapacity> capacity(String node) {
        FakeNode n = find(node);
        n.described |= !n.unreachable;
        return n.described ? Optional.of(n.capacity) : Optional.empty();
    }

    @Override
    public synchronized WorkspaceState deploy(Workspace w) throws NodeUnavailableException {
        find(w.node()).deployAttempts++;
        FakeNode n = reach(w.node(), "deploy workspace " + w.id());
        WorkspaceState state = w.initialState() == WorkspaceState.PAUSED ? WorkspaceState.PAUSED
                : w.initialState() == WorkspaceState.PROPAGATED ? WorkspaceState.PROPAGATED : WorkspaceState.RUNNING;
        if (n.failNextDeploy != null) {
            String reason = n.failNextDeploy;
            n.failNextDeploy = null;
            n.domains.put(w.id(), new Domain(w, WorkspaceState.PROPAGATED));
            throw new NodeUnavailableException("node " + w.node() + " could not deploy workspace " + w.id() + ": "
                    + reason, false, null);
        }
        n.domains.put(w.id(), new Domain(w, state));
        event(w.node(), w.id(), Optional.of(state), "domain " + state.contractName().toLowerCase());
        return state;
    }

    @Override
    public synchronized Optional<Double> destroy(String node, String workspaceId) throws NodeUnavailableException {
        FakeNode n = reach(node, "destroy workspace " + workspaceId);
        Domain removed = n.domains.remove(workspaceId);
        if (removed == null) {
            return Optional.empty();
        }
        return removed.state() == WorkspaceState.RUNNING ? Optional.ofNullable(cpuSeconds.get(workspaceId))
                : Optional.empty();
    }

    @Override
    public synchronized Set<String> domainsOn(String node) throws NodeUnavailableException {
        return new TreeSet<>(reach(node, "list its domains").domains.keySet());
    }

    @Override
    public synchronized void control(String node, String workspaceId, DomainAction action)
            throws NodeUnavailableException {
        FakeNode n = reach(node, action.name().toLowerCase() + " workspace " + workspaceId);
        Domain d = n.domains.get(workspaceId);
        if (d == null) {
            throw new NodeUnavailableException("node " + node + " could not " + action.name().toLowerCase()
                    + " workspace " + workspaceId + ": no such domain", false, null);
        }
        WorkspaceState next = switch (action) {
            case START, RESUME, REBOOT -> WorkspaceState.RUNNING;
            case PAUSE -> WorkspaceState.PAUSED;
            case SHUTDOWN -> WorkspaceState.PROPAGATED;
        };
        n.domains.put(workspaceId, new Domain(d.workspace(), next));
        event(node, workspaceId, Optional.of(next), action.name().toLowerCase());
    }

    @Override
    public synchronized void shutdownGracefully(String node, String workspaceId, Duration grace)
            throws NodeUnavailableException {
        control(node, workspaceId, DomainAction.SHUTDOWN);
    }

    @Override
    public synchronized Optional<WorkspaceState> observedState(String node, String workspaceId)
            throws NodeUnavailableException {
        return Optional.ofNullable(reach(node, "report workspace " + workspaceId).domains.get(workspaceId))
                .map(Domain::state);
    }

    @Override
    public synchronized DomainEvents watch(String node, String epoch, long afterSequence, int waitSeconds)
            throws NodeUnavailableException {
        FakeNode n = reach(node, "report domain changes");
        n.watches++;
        // Held until an event comes or the wait ends, as the adapter holds a watch; wait() lets other calls in.
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (n.epoch.equals(epoch) && lastSequence(n) <= afterSequence && !n.unreachable) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnavailableException("node " + node + " could not report domain changes: interrupted",
                        true, e);
            }
        }
        List<DomainEvents.Event> after = n.events.stream().filter(e -> e.sequence() > afterSequence).toList();
        return new DomainEvents(n.epoch, lastSequence(n), n.epoch.equals(epoch) ? after : List.of());
    }

    @Override
    public synchronized Console console(String node, String workspaceId, int maxBytes) throws NodeUnavailableException {
        reach(node, "show the console of workspace " + workspaceId);
        String text = "console of " + workspaceId + "\n";
        return new Console(text.length() > maxBytes ? text.substring(text.length() - maxBytes) : text,
                text.length() > maxBytes, text.length());
    }

    @Override
    public synchronized GuestView guestView(String node, String workspaceId) throws NodeUnavailableException {
        reach(node, "report workspace " + workspaceId);
        return new GuestView(cpuSeconds.get(workspaceId), null);
    }

    @Override
    public synchronized Optional<Double> cpuSeconds(String node, String workspaceId) throws NodeUnavailableException {
        reach(node, "report workspace " + workspaceId);
        return Optional.ofNullable(cpuSeconds.get(workspaceId));
    }

    @Override
    public synchronized String shutdownSave(String node, String workspaceId, String imageName)
            throws NodeUnavailableException {
        shutdownGracefully(node, workspaceId, Duration.ZERO);
        return imageName;
    }

    @Override
    public synchronized Map<String, Integer> setCpuWeights(String node, Map<String, Integer> weights,
                                                           Map<String, Integer> capsPercent)
            throws NodeUnavailableException {
        FakeNode n = reach(node, "set CPU weights");
        Map<String, Integer> applied = new LinkedHashMap<>();
        weights.forEach((id, w) -> {
            if (n.domains.containsKey(id)) {
                applied.put(id, w);
            }
        });
        return applied;
    }

    private static long lastSequence(FakeNode n) {
        return n.events.isEmpty() ? 0 : n.events.get(n.events.size() - 1).sequence();
    }

    private void event(String node, String workspaceId, Optional<WorkspaceState> observed, String cause) {
        find(node).events.add(new DomainEvents.Event(++sequence, Instant.now(), workspaceId, observed, cause));
        notifyAll();
    }

    private FakeNode reach(String node, String what) throws NodeUnavailableException {
        FakeNode n = find(node);
        if (n.unreachable) {
            throw new NodeUnavailableException("node " + node + " could not " + what + ": connection refused", true,
                    null);
        }
        return n;
    }

    private FakeNode find(String node) {
        FakeNode n = nodes.get(node);
        if (n == null) {
            throw new IllegalStateException("node " + node + " is not registered with this service");
        }
        return n;
    }
}
