package org.agora.workspace.adapterclient;

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
import org.agora.workspace.node.DomainAction;
import org.agora.workspace.node.DomainEvents;
import org.agora.workspace.node.NodeCapacity;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node gateway over SOAP: the site adapters this service places workspaces on, registered by
 * name with their generated {@link Node} ports, and the translation of each call to and from the
 * node contract. The only class of the service that speaks that contract.
 */
public final class SoapNodeGateway implements NodeGateway {
    private static final Logger LOG = LoggerFactory.getLogger(SoapNodeGateway.class);

    /** libvirt's driver names to the hypervisor families requests name: Xen's drivers, else KVM/QEMU. */
    static String family(String libvirtType) {
        String t = libvirtType == null ? "" : libvirtType.toLowerCase();
        return t.startsWith("xen") || t.equals("libxl") ? "xen" : "kvm";
    }

    /** The longest a node holds a watch (its own limit is 30 s), plus ten seconds for the answer. */
    public static final java.time.Duration WATCH_RECEIVE_TIMEOUT = java.time.Duration.ofSeconds(40);

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Node> watchPorts = new LinkedHashMap<>();
    private final Map<String, NodeCapacity> capacities = new ConcurrentHashMap<>();

    /** Adds a node; registration order is the order placement sees nodes in. */
    public synchronized void register(String name, Node port) {
        nodes.put(name, port);
    }

    /**
     * Adds a node with a second client for {@link #watch}, one whose receive timeout is just above
     * the watch's wait ({@link #WATCH_RECEIVE_TIMEOUT}): a watch outlives every other call, and a node
     * that goes silent in the middle of one (a host gone without closing its connections) is then
     * noticed within seconds of the wait, not after the long timeout that deployments need.
     */
    public synchronized void register(String name, Node port, Node watchPort) {
        nodes.put(name, port);
        watchPorts.put(name, watchPort);
    }

    @Override
    public synchronized List<String> names() {
        return new ArrayList<>(nodes.keySet());
    }

    /** The node's capacity, asking it the first time; empty while it cannot be reached. */
    @Override
    public Optional<NodeCapacity> capacity(String name) {
        NodeCapacity known = capacities.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            DescribeNodeResponse d = port(name).describeNode(new DescribeNode());
            CapacityType c = d.getCapacity();
            NodeCapacity capacity = new NodeCapacity(c.getVcpus(), c.getMemoryMiB(), c.getDiskMiB(), family(d.getHypervisor()),
                    d.getArch());
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
     * RUNNING, PAUSED or PROPAGATED, as the node reports it. The workspace's user-data goes along
     * for the node's NoCloud seed.
     */
    @Override
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
        spec.setDefineOnly(w.initialState() == WorkspaceState.PROPAGATED);
        spec.setHypervisor(w.platform().hypervisor() == null ? null : w.platform().hypervisor().contractName());
        spec.setArch(w.platform().arch());
        spec.setKernel(w.platform().kernel());
        spec.setInitrd(w.platform().initrd());
        spec.setKernelArgs(w.platform().kernelArgs());
        for (org.agora.workspace.model.Nic n : w.nics()) {
            org.agora.contract.node.NicType nic = new org.agora.contract.node.NicType();
            nic.setNetwork(n.network());
            nic.setMac(n.mac());
            nic.setIp(n.ip());
            spec.getNic().add(nic);
        }
        spec.setCpuWeight(w.cpuWeight());
        DeployWorkspace request = new DeployWorkspace();
        request.setSpec(spec);
        request.setUserData(w.userData());
        try {
            DomainStateType state = port(w.node()).deployWorkspace(request).getStatus().getState();
            switch (state) {
                case RUNNING: return WorkspaceState.RUNNING;
                case PAUSED: return WorkspaceState.PAUSED;
                case DEFINED:
                case SHUTOFF: return WorkspaceState.PROPAGATED;
                default:
                    throw new NodeUnavailableException("node " + w.node() + " reported the new domain of workspace "
                            + w.id() + " as " + state.value(), false, null);
            }
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + w.node() + " could not deploy workspace " + w.id() + ": "
                    + describe(e), e);
        }
    }

    /**
     * Asks the node to stop and remove the workspace's domain and storage (fine if already gone); returns the CPU seconds the guest had
     * used when it was removed, if the node could tell (a domain already off or gone cannot).
     */
    @Override
    public Optional<Double> destroy(String node, String workspaceId) throws NodeUnavailableException {
        DestroyWorkspace request = new DestroyWorkspace();
        request.setWorkspaceId(workspaceId);
        try {
            org.agora.contract.node.DomainStatusType last = port(node).destroyWorkspace(request).getStatus();
            return Optional.ofNullable(last == null ? null : last.getCpuSeconds());
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not destroy workspace " + workspaceId + ": "
                    + describe(e), e);
        }
    }

    /** The workspace ids of every Agora domain the node's libvirt has, running or not. */
    @Override
    public java.util.Set<String> domainsOn(String node) throws NodeUnavailableException {
        try {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            port(node).describeNode(new DescribeNode()).getDomain().forEach(d -> ids.add(d.getWorkspaceId()));
            return ids;
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not list its domains: " + describe(e), e);
        }
    }

    /** Asks the node to start, shut down, pause, resume or reboot the workspace's domain. */
    @Override
    public void control(String node, String workspaceId, DomainAction action) throws NodeUnavailableException {
        org.agora.contract.node.ControlDomain request = new org.agora.contract.node.ControlDomain();
        request.setWorkspaceId(workspaceId);
        request.setAction(org.agora.contract.node.DomainActionType.valueOf(action.name()));
        try {
            port(node).controlDomain(request);
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not " + action.name().toLowerCase()
                    + " workspace " + workspaceId + ": " + describe(e), e);
        }
    }

    /**
     * Asks the guest to shut down and waits up to {@code grace} for it to power off; the node forces
     * it off after that.
     */
    @Override
    public void shutdownGracefully(String node, String workspaceId, java.time.Duration grace)
            throws NodeUnavailableException {
        org.agora.contract.node.ControlDomain request = new org.agora.contract.node.ControlDomain();
        request.setWorkspaceId(workspaceId);
        request.setAction(org.agora.contract.node.DomainActionType.SHUTDOWN);
        request.setGraceSeconds((int) grace.toSeconds());
        try {
            port(node).controlDomain(request);
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not shut workspace " + workspaceId
                    + " down: " + describe(e), e);
        }
    }

    /**
     * The workspace state the node's domain amounts to: RUNNING, PAUSED, PROPAGATED (defined, not
     * running), CORRUPTED (crashed); empty when the node has no domain for the workspace.
     */
    @Override
    public Optional<WorkspaceState> observedState(String node, String workspaceId) throws NodeUnavailableException {
        return workspaceStateOf(domainState(node, workspaceId));
    }

    private static Optional<WorkspaceState> workspaceStateOf(DomainStateType domain) {
        return switch (domain) {
            case ABSENT -> Optional.empty();
            case RUNNING -> Optional.of(WorkspaceState.RUNNING);
            case PAUSED -> Optional.of(WorkspaceState.PAUSED);
            case DEFINED, SHUTOFF -> Optional.of(WorkspaceState.PROPAGATED);
            case SHUTTING_DOWN -> Optional.of(WorkspaceState.SHUTDOWN);
            case CRASHED -> Optional.of(WorkspaceState.CORRUPTED);
        };
    }

    /**
     * Waits up to {@code waitSeconds} for the node to report domain changes after {@code afterSequence}
     * of {@code epoch} (null: none yet). A different epoch in the answer means the adapter restarted.
     */
    @Override
    public DomainEvents watch(String node, String epoch, long afterSequence, int waitSeconds)
            throws NodeUnavailableException {
        org.agora.contract.node.WatchDomains request = new org.agora.contract.node.WatchDomains();
        request.setEpoch(epoch);
        request.setAfterSequence(afterSequence);
        request.setWaitSeconds(waitSeconds);
        org.agora.contract.node.WatchDomainsResponse response;
        try {
            response = watchPort(node).watchDomains(request);
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not report domain changes: " + describe(e), e);
        }
        List<DomainEvents.Event> events = new ArrayList<>();
        for (org.agora.contract.node.DomainEventType e : response.getEvent()) {
            events.add(new DomainEvents.Event(e.getSequence(), e.getTime().toGregorianCalendar().toInstant(),
                    e.getWorkspaceId(), workspaceStateOf(e.getState()), e.getCause()));
        }
        return new DomainEvents(response.getEpoch(), response.getLastSequence(), events);
    }

    /** At most {@code maxBytes} from the end of the workspace's serial console log. */
    @Override
    public NodeGateway.Console console(String node, String workspaceId, int maxBytes) throws NodeUnavailableException {
        org.agora.contract.node.GetConsole request = new org.agora.contract.node.GetConsole();
        request.setWorkspaceId(workspaceId);
        request.setMaxBytes(maxBytes);
        try {
            org.agora.contract.node.GetConsoleResponse r = port(node).getConsole(request);
            return new NodeGateway.Console(r.getText(), r.isTruncated(), r.getSize());
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not show the console of workspace "
                    + workspaceId + ": " + describe(e), e);
        }
    }

    /** What libvirt on the node says of the workspace's domain. */
    private DomainStateType domainState(String node, String workspaceId) throws NodeUnavailableException {
        return domainStatus(node, workspaceId).getState();
    }

    /** The node's view of the workspace's guest, in one call. */
    @Override
    public NodeGateway.GuestView guestView(String node, String workspaceId) throws NodeUnavailableException {
        org.agora.contract.node.DomainStatusType s = domainStatus(node, workspaceId);
        return new NodeGateway.GuestView(s.getCpuSeconds(), s.isReady());
    }

    /** CPU seconds the workspace's domain has used, as the node's hypervisor counts them; empty if unknown. */
    @Override
    public Optional<Double> cpuSeconds(String node, String workspaceId) throws NodeUnavailableException {
        return Optional.ofNullable(domainStatus(node, workspaceId).getCpuSeconds());
    }

    /**
     * Shuts the guest down and saves its disk into the node's image repository as {@code imageName};
     * returns the name the node saved it under.
     */
    @Override
    public String shutdownSave(String node, String workspaceId, String imageName) throws NodeUnavailableException {
        org.agora.contract.node.ControlDomain request = new org.agora.contract.node.ControlDomain();
        request.setWorkspaceId(workspaceId);
        request.setAction(org.agora.contract.node.DomainActionType.SHUTDOWN_SAVE);
        request.setSaveAs(imageName);
        try {
            return port(node).controlDomain(request).getSavedImage();
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not save workspace " + workspaceId + ": "
                    + describe(e), e);
        }
    }

    /**
     * Sets the CPU weights and, for the workspaces in {@code capsPercent}, hard caps (percent of one
     * CPU); returns the weights applied. A node whose hypervisor has no caps applies the weights alone.
     */
    @Override
    public Map<String, Integer> setCpuWeights(String node, Map<String, Integer> weights, Map<String, Integer> capsPercent)
            throws NodeUnavailableException {
        var request = new org.agora.contract.node.SetCpuWeights();
        weights.forEach((id, w) -> {
            var t = new org.agora.contract.node.CpuWeightType();
            t.setWorkspaceId(id);
            t.setWeight(w);
            t.setCapPercent(capsPercent.get(id));
            request.getWeight().add(t);
        });
        try {
            Map<String, Integer> applied = new LinkedHashMap<>();
            port(node).setCpuWeights(request).getApplied().forEach(a -> applied.put(a.getWorkspaceId(), a.getWeight()));
            return applied;
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not set CPU weights: " + describe(e), e);
        }
    }

    private org.agora.contract.node.DomainStatusType domainStatus(String node, String workspaceId)
            throws NodeUnavailableException {
        GetDomainState request = new GetDomainState();
        request.setWorkspaceId(workspaceId);
        try {
            return port(node).getDomainState(request).getStatus();
        } catch (NodeFault | WebServiceException e) {
            throw unavailable("node " + node + " could not report workspace " + workspaceId + ": "
                    + describe(e), e);
        }
    }

    private synchronized Node watchPort(String name) {
        Node watch = watchPorts.get(name);
        return watch != null ? watch : port(name);
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

    private static NodeUnavailableException unavailable(String message, Exception e) {
        return new NodeUnavailableException(message, unreachable(e), e);
    }

    /**
     * Whether the node never answered (down, unreachable, TLS failure), as opposed to answering
     * with a refusal. CXF reports a refused connection as a plain WebServiceException on some paths
     * and as a SOAPFaultException wrapping the ConnectException on others: the cause chain decides.
     */
    static boolean unreachable(Exception e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof javax.net.ssl.SSLHandshakeException) {
                return true;
            }
        }
        return e instanceof WebServiceException && !(e instanceof jakarta.xml.ws.soap.SOAPFaultException);
    }
}
