package org.agora.workspace.node;

import jakarta.xml.ws.WebServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.contract.node.CapacityType;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DescribeNodeResponse;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeFault;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes this service places workspaces on, by name, and the calls it makes to them. The only
 * class of the service that speaks the node contract.
 */
public final class NodeDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDirectory.class);

    /** What a node advertised the last time it was asked. */
    public record Capacity(int vcpus, long memoryMiB, long diskMiB) {
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Capacity> capacities = new ConcurrentHashMap<>();

    /** Adds a node; registration order is the order placement sees nodes in. */
    public synchronized void register(String name, Node port) {
        nodes.put(name, port);
    }

    public synchronized List<String> names() {
        return new ArrayList<>(nodes.keySet());
    }

    /** The node's capacity, asking it the first time; empty while it cannot be reached. */
    public Optional<Capacity> capacity(String name) {
        Capacity known = capacities.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            DescribeNodeResponse d = port(name).describeNode(new DescribeNode());
            CapacityType c = d.getCapacity();
            Capacity capacity = new Capacity(c.getVcpus(), c.getMemoryMiB(), c.getDiskMiB());
            capacities.put(name, capacity);
            LOG.info("event=node.described node={} vcpus={} memory_mib={} disk_mib={} hypervisor={} libvirt={}",
                    name, capacity.vcpus(), capacity.memoryMiB(), capacity.diskMiB(), d.getHypervisor(),
                    d.getLibvirtUri());
            return Optional.of(capacity);
        } catch (NodeFault | WebServiceException e) {
            LOG.warn("event=node.unreachable node={} reason=\"{}\"", name, describe(e));
            return Optional.empty();
        }
    }

    /**
     * Asks the node to prepare and start the workspace's domain, and returns the state to record:
     * RUNNING, PAUSED or PROPAGATED, as the node reports it.
     */
    public WorkspaceState deploy(Workspace w) throws NodeUnavailableException {
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(w.id());
        spec.setName(w.name());
        spec.setOwner(w.owner());
        spec.setImage(w.image());
        spec.setImageSha256(w.imageSha256());
        spec.setVcpus(w.vcpus());
        spec.setMemoryMiB(w.memoryMiB());
        spec.setDiskMiB(w.diskMiB());
        spec.setStartPaused(w.initialState() == WorkspaceState.PAUSED);
        DeployWorkspace request = new DeployWorkspace();
        request.setSpec(spec);
        try {
            DomainStateType state = port(w.node()).deployWorkspace(request).getStatus().getState();
            switch (state) {
                case RUNNING: return WorkspaceState.RUNNING;
                case PAUSED: return WorkspaceState.PAUSED;
                case DEFINED:
                case SHUTOFF: return WorkspaceState.PROPAGATED;
                default:
                    throw new NodeUnavailableException("node " + w.node() + " reported the new domain of workspace "
                            + w.id() + " as " + state.value(), null);
            }
        } catch (NodeFault | WebServiceException e) {
            throw new NodeUnavailableException("node " + w.node() + " could not deploy workspace " + w.id() + ": "
                    + describe(e), e);
        }
    }

    /** Asks the node to stop and remove the workspace's domain and storage; fine if already gone. */
    public void destroy(String node, String workspaceId) throws NodeUnavailableException {
        DestroyWorkspace request = new DestroyWorkspace();
        request.setWorkspaceId(workspaceId);
        try {
            port(node).destroyWorkspace(request);
        } catch (NodeFault | WebServiceException e) {
            throw new NodeUnavailableException("node " + node + " could not destroy workspace " + workspaceId + ": "
                    + describe(e), e);
        }
    }

    /** The workspace ids of every Agora domain the node's libvirt has, running or not. */
    public java.util.Set<String> domainsOn(String node) throws NodeUnavailableException {
        try {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            port(node).describeNode(new DescribeNode()).getDomain().forEach(d -> ids.add(d.getWorkspaceId()));
            return ids;
        } catch (NodeFault | WebServiceException e) {
            throw new NodeUnavailableException("node " + node + " could not list its domains: " + describe(e), e);
        }
    }

    /** Asks the node to start, shut down, pause, resume or reboot the workspace's domain. */
    public void control(String node, String workspaceId, org.agora.contract.node.DomainActionType action)
            throws NodeUnavailableException {
        org.agora.contract.node.ControlDomain request = new org.agora.contract.node.ControlDomain();
        request.setWorkspaceId(workspaceId);
        request.setAction(action);
        try {
            port(node).controlDomain(request);
        } catch (NodeFault | WebServiceException e) {
            throw new NodeUnavailableException("node " + node + " could not " + action.value().toLowerCase()
                    + " workspace " + workspaceId + ": " + describe(e), e);
        }
    }

    /** The node actions that carry out a workspace lifecycle action from a given state. */
    public static List<org.agora.contract.node.DomainActionType> nodeActions(
            org.agora.workspace.model.LifecycleAction action, WorkspaceState from) {
        return switch (action) {
            case START -> List.of(from == WorkspaceState.PAUSED ? org.agora.contract.node.DomainActionType.RESUME
                    : org.agora.contract.node.DomainActionType.START);
            // A paused guest cannot hear the shutdown request: wake it first.
            case SHUTDOWN -> from == WorkspaceState.PAUSED
                    ? List.of(org.agora.contract.node.DomainActionType.RESUME, org.agora.contract.node.DomainActionType.SHUTDOWN)
                    : List.of(org.agora.contract.node.DomainActionType.SHUTDOWN);
            case PAUSE -> List.of(org.agora.contract.node.DomainActionType.PAUSE);
            case REBOOT -> List.of(org.agora.contract.node.DomainActionType.REBOOT);
        };
    }

    /**
     * The workspace state the node's domain amounts to: RUNNING, PAUSED, PROPAGATED (defined, not
     * running), CORRUPTED (crashed); empty when the node has no domain for the workspace.
     */
    public Optional<WorkspaceState> observedState(String node, String workspaceId) throws NodeUnavailableException {
        return switch (domainState(node, workspaceId)) {
            case ABSENT -> Optional.empty();
            case RUNNING -> Optional.of(WorkspaceState.RUNNING);
            case PAUSED -> Optional.of(WorkspaceState.PAUSED);
            case DEFINED, SHUTOFF -> Optional.of(WorkspaceState.PROPAGATED);
            case SHUTTING_DOWN -> Optional.of(WorkspaceState.SHUTDOWN);
            case CRASHED -> Optional.of(WorkspaceState.CORRUPTED);
        };
    }

    /** What libvirt on the node says of the workspace's domain. */
    public DomainStateType domainState(String node, String workspaceId) throws NodeUnavailableException {
        GetDomainState request = new GetDomainState();
        request.setWorkspaceId(workspaceId);
        try {
            return port(node).getDomainState(request).getStatus().getState();
        } catch (NodeFault | WebServiceException e) {
            throw new NodeUnavailableException("node " + node + " could not report workspace " + workspaceId + ": "
                    + describe(e), e);
        }
    }

    private synchronized Node port(String name) {
        Node port = nodes.get(name);
        if (port == null) {
            throw new IllegalStateException("node " + name + " is not registered with this service");
        }
        return port;
    }

    private static String describe(Exception e) {
        if (e instanceof NodeFault fault && fault.getFaultInfo() != null
                && !fault.getFaultInfo().getDescription().isEmpty()) {
            return String.join("; ", fault.getFaultInfo().getDescription());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
