package org.agora.adapter.node;

import jakarta.jws.WebService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeFactory;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.NodeFacts;
import org.agora.adapter.image.ImageCache;
import org.agora.adapter.image.ImageException;
import org.agora.adapter.image.ImageReference;
import org.agora.adapter.liveness.DomainEventLog;
import org.agora.adapter.liveness.LivenessMonitor;
import org.agora.adapter.storage.Compression;
import org.agora.adapter.storage.Disk;
import org.agora.adapter.storage.DiskSpec;
import org.agora.adapter.storage.StorageBackend;
import org.agora.adapter.storage.StorageException;
import org.agora.adapter.hypervisor.DomainAction;
import org.agora.contract.node.CapacityType;
import org.agora.contract.node.ControlDomain;
import org.agora.contract.node.ControlDomainResponse;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DeployWorkspaceResponse;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DescribeNodeResponse;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DestroyWorkspaceResponse;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.DomainStatusType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.node.GetDomainStateResponse;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.NodeFaultType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node service. Deploy prepares storage then boots the domain, and undoes the storage if the
 * boot fails; destroy removes the domain then the storage. Both are idempotent, so the workspace
 * service may retry after a lost reply.
 */
@WebService(endpointInterface = "org.agora.contract.node.Node", serviceName = "NodeService", portName = "NodePort",
        targetNamespace = "http://agora-grid.org/namespaces/2026/11/node", wsdlLocation = "classpath:wsdl/node.wsdl")
public class NodeEndpoint implements Node {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEndpoint.class);

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final Capacity advertised;

    /** Capacity to advertise; zero fields mean "what the hypervisor reports". */
    public record Capacity(int vcpus, long memoryMiB, long diskMiB, int cpuRatioPercent, int memoryRatioPercent) {
        /** Capacity without over-commit. */
        public Capacity(int vcpus, long memoryMiB, long diskMiB) {
            this(vcpus, memoryMiB, diskMiB, 100, 100);
        }
    }

    /** What the market last asked for each domain: kept to report beside what the hypervisor applied. */
    private final java.util.Map<String, Integer> requestedWeights = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The disks every workspace gets beside its root disk, until the node contract carries them per
     * workspace, and how a saved disk is stored.
     */
    public record DiskPolicy(long swapMiB, long scratchMiB, Compression saveCompression) {
        public static final DiskPolicy ROOT_ONLY = new DiskPolicy(0, 0, Compression.NONE);
    }

    private final DiskPolicy disks;
    private final LivenessMonitor liveness;
    private static final java.util.regex.Pattern REPOSITORY_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Networks networks;

    private final ImageCache images;

    /**
     * An endpoint whose liveness monitor the caller starts (and closes).
     *
     * @param images where image URIs are fetched to, or null to boot repository images only
     */
    public NodeEndpoint(Hypervisor hypervisor, StorageBackend storage, Capacity advertised, DiskPolicy disks,
                        Networks networks, LivenessMonitor liveness, ImageCache images) {
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.advertised = advertised;
        this.disks = disks;
        this.networks = networks;
        this.liveness = liveness;
        this.images = images;
    }

    /** An endpoint with a liveness monitor that is never started: WatchDomains reports nothing. */
    public NodeEndpoint(Hypervisor hypervisor, StorageBackend storage, Capacity advertised, DiskPolicy disks) {
        this(hypervisor, storage, advertised, disks, Networks.DEFAULT,
                new LivenessMonitor(hypervisor, storage, new DomainEventLog(), java.time.Duration.ofSeconds(2)), null);
    }

    public NodeEndpoint(Hypervisor hypervisor, StorageBackend storage, Capacity advertised) {
        this(hypervisor, storage, advertised, DiskPolicy.ROOT_ONLY);
    }

    @Override
    public DeployWorkspaceResponse deployWorkspace(DeployWorkspace parameters) throws NodeFault {
        DomainSpecType spec = parameters == null ? null : parameters.getSpec();
        checkSpec(spec);
        List<DomainDefinition.NetworkInterface> nics = nics(spec);
        String id = spec.getWorkspaceId();
        long started = System.nanoTime();
        try {
            // A repeated deploy (the service retrying after a lost reply) finds the disks prepared;
            // only then is libvirt asked, which saves a failing lookup on every first deploy.
            if (storage.prepared(id)) {
                DomainStatus existing = hypervisor.status(id);
                if (existing.state() != DomainState.ABSENT) {
                    LOG.info("event=domain.deploy_repeated workspace={} state={}", id, existing.state());
                    return deployed(existing);
                }
            }
            Path base = baseImage(id, spec);
            List<Disk> prepared;
            DomainStatus status;
            try {
                prepared = storage.prepare(id, base, new DiskSpec(spec.getDiskMiB(), disks.swapMiB(), disks.scratchMiB()));
                try {
                    status = hypervisor.boot(definition(spec, prepared, nics));
                } catch (HypervisorException bootFailed) {
                    storage.release(id);
                    throw bootFailed;
                }
            } catch (HypervisorException | StorageException | RuntimeException failed) {
                if (images != null) {
                    images.release(id);
                }
                throw failed;
            }
            LOG.info("event=domain.started workspace={} domain={} state={} vcpus={} memory_mib={} disks={} base={} "
                    + "millis={}", id, status.domainName(), status.state(), spec.getVcpus(), spec.getMemoryMiB(),
                    prepared.size(), base == null ? "none" : base, (System.nanoTime() - started) / 1_000_000);
            return deployed(status);
        } catch (HypervisorException | StorageException | ImageException e) {
            LOG.warn("event=domain.deploy_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw fault("deploying workspace " + id + " failed: " + e.getMessage());
        }
    }

    /**
     * The base image of the workspace's root disk: an image URI is fetched into the node's image
     * cache (verified against Spec/ImageSha256, and pinned for the workspace until it is destroyed);
     * a plain name is looked up in the node's repository.
     */
    private Path baseImage(String id, DomainSpecType spec) throws ImageException, NodeFault {
        if (!ImageReference.isUri(spec.getImage())) {
            return baseImage(spec.getImage());
        }
        if (images == null) {
            throw fault("workspace " + id + " names image " + spec.getImage() + ", but this node has no image cache "
                    + "to fetch it into; use an image of the node's repository by name");
        }
        ImageReference ref;
        try {
            ref = new ImageReference(java.net.URI.create(spec.getImage().strip()), spec.getImageSha256());
        } catch (IllegalArgumentException e) {
            throw fault("workspace " + id + ": " + e.getMessage());
        }
        return images.acquire(ref, id);
    }

    /**
     * The image's file in the node's repository, or null (a blank root disk) when the repository has
     * no such file. Only plain names are looked up: an image reference is the caller's text, and a
     * path would let it copy any file of the node into a guest.
     */
    private Path baseImage(String image) {
        if (image == null || !REPOSITORY_NAME.matcher(image.strip()).matches()) {
            return null;
        }
        Path p = storage.locate(image.strip());
        return Files.isRegularFile(p) ? p : null;
    }

    private List<DomainDefinition.NetworkInterface> nics(DomainSpecType spec) throws NodeFault {
        try {
            return networks.plan(spec.getWorkspaceId(), spec.getNic().stream()
                    .map(n -> new Networks.Request(n.getNetwork(), n.getMac(), n.getIp())).toList());
        } catch (IllegalArgumentException e) {
            throw fault("workspace " + spec.getWorkspaceId() + " cannot be deployed here: " + e.getMessage());
        }
    }

    private DomainDefinition definition(DomainSpecType spec, List<Disk> attached,
                                        List<DomainDefinition.NetworkInterface> nics) {
        return new DomainDefinition(spec.getWorkspaceId(), spec.getOwner(), spec.getImage(), spec.getVcpus(),
                spec.getMemoryMiB(), attached, Boolean.TRUE.equals(spec.isStartPaused()), spec.getArch(),
                spec.getKernel() == null ? null : storage.locate(spec.getKernel()),
                spec.getInitrd() == null ? null : storage.locate(spec.getInitrd()), spec.getKernelArgs(), nics,
                spec.getCpuWeight() == null ? 256 : spec.getCpuWeight(), Boolean.TRUE.equals(spec.isDefineOnly()),
                storage.consoleLog(spec.getWorkspaceId()));
    }

    private static void checkSpec(DomainSpecType spec) throws NodeFault {
        if (spec == null || spec.getWorkspaceId() == null || spec.getWorkspaceId().isBlank()) {
            throw fault("the deploy request has no Spec/WorkspaceId");
        }
        required(spec.getVcpus(), "Spec/Vcpus");
        required(spec.getMemoryMiB(), "Spec/MemoryMiB");
        required(spec.getDiskMiB(), "Spec/DiskMiB");
        if (spec.getVcpus() < 1) {
            throw fault("Spec/Vcpus is " + spec.getVcpus() + "; a domain needs at least 1 virtual CPU");
        }
        if (spec.getMemoryMiB() < 1) {
            throw fault("Spec/MemoryMiB is " + spec.getMemoryMiB() + "; a domain needs memory");
        }
        if (spec.getDiskMiB() < 1) {
            throw fault("Spec/DiskMiB is " + spec.getDiskMiB() + "; a domain needs a root disk");
        }
    }

    private static DeployWorkspaceResponse deployed(DomainStatus status) {
        DeployWorkspaceResponse response = new DeployWorkspaceResponse();
        response.setStatus(contract(status));
        return response;
    }

    @Override
    public DestroyWorkspaceResponse destroyWorkspace(DestroyWorkspace parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        try {
            liveness.removing(id);
            // The last CPU reading goes back with the answer: accounting cannot ask once the domain is gone.
            DomainStatus last = hypervisor.destroy(id);
            storage.release(id);
            if (images != null) {
                images.release(id);
            }
            requestedWeights.remove(id);
            LOG.info("event=domain.undefined workspace={}", id);
            DestroyWorkspaceResponse response = new DestroyWorkspaceResponse();
            response.setStatus(contract(new DomainStatus(id, last.domainName(), DomainState.ABSENT,
                    last.state() == DomainState.ABSENT ? -1 : last.cpuSeconds())));
            return response;
        } catch (HypervisorException | StorageException e) {
            LOG.warn("event=domain.destroy_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw fault("destroying workspace " + id + " failed: " + e.getMessage());
        }
    }

    @Override
    public ControlDomainResponse controlDomain(ControlDomain parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        if (parameters.getAction() == null) {
            throw fault("the control request names no Action; use Start, Shutdown, Pause, Resume or Reboot");
        }
        if (parameters.getAction() == org.agora.contract.node.DomainActionType.SHUTDOWN_SAVE) {
            return shutdownSave(id, parameters.getSaveAs());
        }
        DomainAction action = DomainAction.valueOf(parameters.getAction().name());
        Integer grace = parameters.getGraceSeconds();
        if (grace != null && (action != DomainAction.SHUTDOWN || grace < 0 || grace > MAX_GRACE_SECONDS)) {
            throw fault("GraceSeconds goes with Shutdown only, from 0 to " + MAX_GRACE_SECONDS + "; got " + grace
                    + " with " + parameters.getAction().value());
        }
        try {
            DomainStatus status = hypervisor.control(id, action);
            if (grace != null && isOn(status)) {
                status = hypervisor.awaitOff(id, java.time.Duration.ofSeconds(grace));
            }
            LOG.info("event=domain.{} workspace={} state={}", action.name().toLowerCase(), id, status.state());
            ControlDomainResponse response = new ControlDomainResponse();
            response.setStatus(contract(status));
            return response;
        } catch (HypervisorException e) {
            LOG.warn("event=domain.control_failed workspace={} action={} reason=\"{}\"", id, action, e.getMessage());
            throw fault(e.getMessage());
        }
    }

    /** Shuts the guest down (waiting for it to be off), then saves its disk into the image repository. */
    private ControlDomainResponse shutdownSave(String id, String saveAs) throws NodeFault {
        if (saveAs == null || saveAs.isBlank()) {
            throw fault("ShutdownSave needs SaveAs, the name to save the disk under");
        }
        long started = System.nanoTime();
        try {
            DomainStatus status = hypervisor.status(id);
            if (status.state() == DomainState.ABSENT) {
                throw fault("workspace " + id + " has no domain on this node, so its disk cannot be saved");
            }
            if (status.state() == org.agora.adapter.hypervisor.DomainState.PAUSED) {
                hypervisor.control(id, DomainAction.RESUME);
            }
            if (isOn(status)) {
                hypervisor.control(id, DomainAction.SHUTDOWN);
                status = hypervisor.awaitOff(id, SHUTDOWN_GRACE);
            }
            String saved = storage.save(id, saveAs.strip(), disks.saveCompression());
            LOG.info("event=domain.saved workspace={} image={} state={} millis={}", id, saved, status.state(),
                    (System.nanoTime() - started) / 1_000_000);
            ControlDomainResponse response = new ControlDomainResponse();
            response.setStatus(contract(status));
            response.setSavedImage(saved);
            return response;
        } catch (HypervisorException | StorageException e) {
            LOG.warn("event=domain.save_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw fault("saving workspace " + id + " failed: " + e.getMessage());
        }
    }

    /** The longest a graceful shutdown may be waited for in one call. */
    static final int MAX_GRACE_SECONDS = 600;

    /** How long a guest is given to shut down before its disk is saved regardless (it is then destroyed). */
    private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofMinutes(2);

    private static boolean isOn(DomainStatus s) {
        return s.state() == org.agora.adapter.hypervisor.DomainState.RUNNING
                || s.state() == org.agora.adapter.hypervisor.DomainState.PAUSED
                || s.state() == org.agora.adapter.hypervisor.DomainState.SHUTTING_DOWN;
    }

    @Override
    public org.agora.contract.node.SetCpuWeightsResponse setCpuWeights(org.agora.contract.node.SetCpuWeights parameters)
            throws NodeFault {
        if (parameters == null || parameters.getWeight().isEmpty()) {
            throw fault("SetCpuWeights names no Weight");
        }
        var response = new org.agora.contract.node.SetCpuWeightsResponse();
        for (var w : parameters.getWeight()) {
            String id = requireId(w.getWorkspaceId());
            required(w.getWeight(), "SetCpuWeights/Weight/Weight");
            if (w.getWeight() < 1) {
                throw fault("the CPU weight of workspace " + id + " is " + w.getWeight() + "; weights start at 1");
            }
            try {
                int applied = hypervisor.setCpuWeight(id, w.getWeight());
                requestedWeights.put(id, w.getWeight());
                var t = new org.agora.contract.node.CpuWeightType();
                t.setWorkspaceId(id);
                t.setWeight(applied);
                if (w.getCapPercent() != null) {
                    try {
                        t.setCapPercent(hypervisor.setCpuCap(id, w.getCapPercent()));
                    } catch (HypervisorException e) {
                        // The weight stands; the answer carries no cap, which says it was not applied.
                        LOG.warn("event=domain.cpu_cap_failed workspace={} reason=\"{}\"", id, e.getMessage());
                    }
                }
                response.getApplied().add(t);
                LOG.info("event=domain.cpu_weight workspace={} asked={} applied={}", id, w.getWeight(), applied);
            } catch (HypervisorException e) {
                LOG.warn("event=domain.cpu_weight_failed workspace={} reason=\"{}\"", id, e.getMessage());
            }
        }
        return response;
    }

    @Override
    public GetDomainStateResponse getDomainState(GetDomainState parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        try {
            GetDomainStateResponse response = new GetDomainStateResponse();
            DomainStatus status = hypervisor.status(id);
            DomainStatusType t = contract(status);
            if (status.state() == org.agora.adapter.hypervisor.DomainState.RUNNING) {
                t.setReady(liveness.isReady(id));
            }
            response.setStatus(t);
            return response;
        } catch (HypervisorException e) {
            throw fault(e.getMessage());
        }
    }

    @Override
    public DescribeNodeResponse describeNode(DescribeNode parameters) throws NodeFault {
        try {
            NodeFacts facts = hypervisor.facts();
            DescribeNodeResponse response = new DescribeNodeResponse();
            response.setNodeName(facts.hostName());
            response.setLibvirtUri(facts.libvirtUri());
            response.setHypervisor(facts.hypervisorType());
            response.setArch(facts.arch());
            CapacityType capacity = new CapacityType();
            capacity.setVcpus((int) ((long) (advertised.vcpus() > 0 ? advertised.vcpus() : facts.vcpus())
                    * advertised.cpuRatioPercent() / 100));
            capacity.setMemoryMiB((advertised.memoryMiB() > 0 ? advertised.memoryMiB() : facts.memoryMiB())
                    * advertised.memoryRatioPercent() / 100);
            capacity.setDiskMiB(advertised.diskMiB());
            response.setCapacity(capacity);
            List<DomainStatus> domains = hypervisor.agoraDomains();
            for (DomainStatus d : domains) {
                DomainStatusType t = contract(d);
                t.setRequestedCpuWeight(requestedWeights.get(d.workspaceId()));
                try {
                    t.setCpuWeight(hypervisor.cpuWeight(d.workspaceId()));
                } catch (HypervisorException e) {
                    LOG.debug("event=domain.cpu_weight_unreadable workspace={} reason=\"{}\"", d.workspaceId(),
                            e.getMessage());
                }
                response.getDomain().add(t);
            }
            return response;
        } catch (HypervisorException e) {
            throw fault(e.getMessage());
        }
    }

    /** The most console output one GetConsole returns. */
    static final int MAX_CONSOLE_BYTES = 1 << 20;

    @Override
    public org.agora.contract.node.GetConsoleResponse getConsole(org.agora.contract.node.GetConsole parameters)
            throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        int max = required(parameters.getMaxBytes(), "GetConsole/MaxBytes");
        if (max < 1 || max > MAX_CONSOLE_BYTES) {
            throw fault("GetConsole/MaxBytes is " + max + "; it must be between 1 and " + MAX_CONSOLE_BYTES);
        }
        try {
            if (!storage.prepared(id) && hypervisor.status(id).state() == DomainState.ABSENT) {
                throw fault("workspace " + id + " has no domain on this node, so it has no console");
            }
            ConsoleTail tail = ConsoleTail.read(storage.consoleLog(id), max);
            var response = new org.agora.contract.node.GetConsoleResponse();
            response.setText(tail.text());
            response.setTruncated(tail.truncated());
            response.setSize(tail.size());
            return response;
        } catch (HypervisorException | java.io.IOException e) {
            throw fault("reading the console of workspace " + id + " failed: " + e.getMessage());
        }
    }

    /** The longest a WatchDomains call is held open: below every client's receive timeout. */
    static final int MAX_WATCH_SECONDS = 30;

    @Override
    public org.agora.contract.node.WatchDomainsResponse watchDomains(org.agora.contract.node.WatchDomains parameters)
            throws NodeFault {
        if (parameters == null) {
            throw fault("WatchDomains needs AfterSequence and WaitSeconds");
        }
        int wait = required(parameters.getWaitSeconds(), "WatchDomains/WaitSeconds");
        long after = required(parameters.getAfterSequence(), "WatchDomains/AfterSequence");
        if (wait < 0 || wait > MAX_WATCH_SECONDS) {
            throw fault("WatchDomains/WaitSeconds is " + wait + "; it must be between 0 and " + MAX_WATCH_SECONDS);
        }
        DomainEventLog.Batch batch;
        try {
            batch = liveness.log().since(parameters.getEpoch(), after,
                    java.time.Duration.ofSeconds(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fault("the node is shutting down");
        }
        var response = new org.agora.contract.node.WatchDomainsResponse();
        response.setEpoch(batch.epoch());
        response.setLastSequence(batch.lastSequence());
        for (DomainEventLog.Event e : batch.events()) {
            var t = new org.agora.contract.node.DomainEventType();
            t.setSequence(e.sequence());
            t.setTime(xmlTime(e.time()));
            t.setWorkspaceId(e.workspaceId());
            t.setState(DomainStateType.valueOf(e.state().name()));
            t.setCause(e.cause());
            response.getEvent().add(t);
        }
        return response;
    }

    private static javax.xml.datatype.XMLGregorianCalendar xmlTime(java.time.Instant t) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(t.atZone(java.time.ZoneOffset.UTC)));
    }

    private static String requireId(String id) throws NodeFault {
        if (id == null || id.isBlank()) {
            throw fault("the request has no WorkspaceId");
        }
        return id.strip();
    }

    private static DomainStatusType contract(DomainStatus s) {
        DomainStatusType t = new DomainStatusType();
        t.setWorkspaceId(s.workspaceId());
        t.setDomainName(s.domainName());
        t.setState(DomainStateType.valueOf(s.state().name()));
        t.setCpuSeconds(s.cpuSeconds() < 0 ? null : s.cpuSeconds());
        return t;
    }

    /**
     * A number the contract requires: the generated types box it, so a request that leaves it out
     * reads as null, which is refused by name rather than failing as our own error.
     */
    private static <N extends Number> N required(N value, String field) throws NodeFault {
        if (value == null) {
            throw fault(field + " is missing; the node contract requires it");
        }
        return value;
    }

    static NodeFault fault(String reason) {
        NodeFaultType info = new NodeFaultType();
        info.setReason(reason);
        info.getDescription().add(reason);
        info.setTimestamp(DatatypeFactory.newDefaultInstance()
                .newXMLGregorianCalendar(new GregorianCalendar(TimeZone.getTimeZone("UTC"))));
        return new NodeFault(reason, info);
    }
}
