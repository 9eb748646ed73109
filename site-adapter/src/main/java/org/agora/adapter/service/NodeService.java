package org.agora.adapter.service;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.agora.adapter.hypervisor.DomainAction;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.NodeFacts;
import org.agora.adapter.image.ImageCache;
import org.agora.adapter.image.ImageException;
import org.agora.adapter.image.ImageReference;
import org.agora.adapter.liveness.DomainEventLog;
import org.agora.adapter.liveness.LivenessMonitor;
import org.agora.adapter.service.NodeServiceException.Kind;
import org.agora.adapter.storage.Disk;
import org.agora.adapter.storage.DiskSpec;
import org.agora.adapter.storage.NoCloudSeed;
import org.agora.adapter.storage.StorageBackend;
import org.agora.adapter.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node service. Deploy prepares storage then boots the domain, and undoes the storage if the
 * boot fails; destroy removes the domain then the storage. Both are idempotent, so the workspace
 * service may retry after a lost reply.
 *
 * <p>Every refusal and failure is a {@link NodeServiceException} whose message names the workspace
 * and the cause; the request values it refuses are named as the node contract names them
 * ({@code Spec/Vcpus}, {@code GraceSeconds}), since that message is what the caller reads. Workspace
 * ids arrive present and stripped: a request without one never gets here.
 */
public final class NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

    /** The longest a graceful shutdown may be waited for in one call. */
    public static final int MAX_GRACE_SECONDS = 600;

    /** The most console output one call returns. */
    public static final int MAX_CONSOLE_BYTES = 1 << 20;

    /** The longest a watch is held open: below every client's receive timeout. */
    public static final int MAX_WATCH_SECONDS = 30;

    /** How long a guest is given to shut down before its disk is saved regardless (it is then destroyed). */
    private static final Duration SHUTDOWN_GRACE = Duration.ofMinutes(2);

    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final Capacity advertised;
    private final DiskPolicy disks;
    private final Networks networks;
    private final LivenessMonitor liveness;
    private final ImageCache images;

    /** What the market last asked for each domain: kept to report beside what the hypervisor applied. */
    private final Map<String, Integer> requestedWeights = new ConcurrentHashMap<>();

    /**
     * A service whose liveness monitor the caller starts (and closes).
     *
     * @param images where image URIs are fetched to, or null to boot repository images only
     */
    public NodeService(Hypervisor hypervisor, StorageBackend storage, Capacity advertised, DiskPolicy disks,
                       Networks networks, LivenessMonitor liveness, ImageCache images) {
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.advertised = advertised;
        this.disks = disks;
        this.networks = networks;
        this.liveness = liveness;
        this.images = images;
    }

    /** Boots the workspace's domain on fresh storage, or reports it when a repeated deploy finds it there. */
    public DomainStatus deploy(WorkspaceSpec spec) throws NodeServiceException {
        NoCloudSeed seed = spec.checked();
        List<DomainDefinition.NetworkInterface> nics = nics(spec);
        String id = spec.workspaceId();
        long started = System.nanoTime();
        try {
            // A repeated deploy (the service retrying after a lost reply) finds the disks prepared;
            // only then is libvirt asked, which saves a failing lookup on every first deploy.
            if (storage.prepared(id)) {
                DomainStatus existing = hypervisor.status(id);
                if (existing.state() != DomainState.ABSENT) {
                    LOG.info("event=domain.deploy_repeated workspace={} state={}", id, existing.state());
                    return existing;
                }
            }
            Path base = baseImage(spec);
            List<Disk> prepared;
            DomainStatus status;
            try {
                prepared = storage.prepare(id, base, new DiskSpec(spec.diskMiB(), disks.swapMiB(), disks.scratchMiB(),
                        seed));
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
                    + "millis={}", id, status.domainName(), status.state(), spec.vcpus(), spec.memoryMiB(),
                    prepared.size(), base == null ? "none" : base, (System.nanoTime() - started) / 1_000_000);
            return status;
        } catch (HypervisorException | StorageException | ImageException e) {
            LOG.warn("event=domain.deploy_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw new NodeServiceException(Kind.FAILED, "deploying workspace " + id + " failed: " + e.getMessage(), e);
        }
    }

    private List<DomainDefinition.NetworkInterface> nics(WorkspaceSpec spec) throws NodeServiceException {
        try {
            return networks.plan(spec.workspaceId(), spec.nics());
        } catch (IllegalArgumentException e) {
            throw invalid("workspace " + spec.workspaceId() + " cannot be deployed here: " + e.getMessage());
        }
    }

    /**
     * The base image of the workspace's root disk: an image URI is fetched into the node's image
     * cache (verified against the spec's digest, and pinned for the workspace until it is destroyed);
     * a plain name is looked up in the node's repository.
     */
    private Path baseImage(WorkspaceSpec spec) throws ImageException, NodeServiceException {
        String id = spec.workspaceId();
        if (!ImageReference.isUri(spec.image())) {
            return repositoryImage(spec.image());
        }
        if (images == null) {
            throw invalid("workspace " + id + " names image " + spec.image() + ", but this node has no image cache "
                    + "to fetch it into; use an image of the node's repository by name");
        }
        ImageReference ref;
        try {
            ref = new ImageReference(URI.create(spec.image().strip()), spec.imageSha256());
        } catch (IllegalArgumentException e) {
            throw invalid("workspace " + id + ": " + e.getMessage());
        }
        return images.acquire(ref, id);
    }

    /**
     * The image's file in the node's repository, or null (a blank root disk) when the repository has
     * no such file. Only plain names are looked up: an image reference is the caller's text, and a
     * path would let it copy any file of the node into a guest.
     */
    private Path repositoryImage(String image) {
        if (image == null || !REPOSITORY_NAME.matcher(image.strip()).matches()) {
            return null;
        }
        Path p = storage.locate(image.strip());
        return Files.isRegularFile(p) ? p : null;
    }

    private DomainDefinition definition(WorkspaceSpec spec, List<Disk> attached,
                                        List<DomainDefinition.NetworkInterface> nics) {
        return new DomainDefinition(spec.workspaceId(), spec.owner(), spec.image(), spec.vcpus(), spec.memoryMiB(),
                attached, spec.startPaused(), spec.arch(),
                spec.kernel() == null ? null : storage.locate(spec.kernel()),
                spec.initrd() == null ? null : storage.locate(spec.initrd()), spec.kernelArgs(), nics,
                spec.cpuWeight(), spec.defineOnly(), storage.consoleLog(spec.workspaceId()));
    }

    /**
     * Removes the workspace's domain, its storage and its image pin; a workspace without a domain is
     * not an error. The status returned is ABSENT with the CPU time the guest used (-1 when there was
     * no domain): accounting cannot ask once the domain is gone.
     */
    public DomainStatus destroy(String id) throws NodeServiceException {
        try {
            liveness.removing(id);
            DomainStatus last = hypervisor.destroy(id);
            storage.release(id);
            if (images != null) {
                images.release(id);
            }
            requestedWeights.remove(id);
            LOG.info("event=domain.undefined workspace={}", id);
            return new DomainStatus(id, last.domainName(), DomainState.ABSENT,
                    last.state() == DomainState.ABSENT ? -1 : last.cpuSeconds());
        } catch (HypervisorException | StorageException e) {
            LOG.warn("event=domain.destroy_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw new NodeServiceException(Kind.FAILED, "destroying workspace " + id + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Starts, shuts down, pauses, resumes or reboots the workspace's domain. A shutdown with
     * {@code graceSeconds} returns once the guest is off, forcing it off after that long.
     *
     * @param graceSeconds null, or with SHUTDOWN only, 0 to {@value #MAX_GRACE_SECONDS}
     */
    public DomainStatus control(String workspaceId, DomainAction action, Integer graceSeconds)
            throws NodeServiceException {
        if (graceSeconds != null && (action != DomainAction.SHUTDOWN || graceSeconds < 0
                || graceSeconds > MAX_GRACE_SECONDS)) {
            throw invalid("GraceSeconds goes with Shutdown only, from 0 to " + MAX_GRACE_SECONDS + "; got "
                    + graceSeconds + " with " + requestName(action));
        }
        try {
            DomainStatus status = hypervisor.control(workspaceId, action);
            if (graceSeconds != null && isOn(status)) {
                status = hypervisor.awaitOff(workspaceId, Duration.ofSeconds(graceSeconds));
            }
            LOG.info("event=domain.{} workspace={} state={}", action.name().toLowerCase(), workspaceId, status.state());
            return status;
        } catch (HypervisorException e) {
            LOG.warn("event=domain.control_failed workspace={} action={} reason=\"{}\"", workspaceId, action,
                    e.getMessage());
            throw new NodeServiceException(Kind.FAILED, e.getMessage(), e);
        }
    }

    /** The action as the node contract spells it: Start, Shutdown, Pause, Resume, Reboot. */
    private static String requestName(DomainAction action) {
        String name = action.name();
        return name.charAt(0) + name.substring(1).toLowerCase();
    }

    /** Shuts the guest down (waiting for it to be off), then saves its disk into the image repository as {@code saveAs}. */
    public SavedDisk shutdownSave(String id, String saveAs) throws NodeServiceException {
        if (saveAs == null || saveAs.isBlank()) {
            throw invalid("ShutdownSave needs SaveAs, the name to save the disk under");
        }
        long started = System.nanoTime();
        try {
            DomainStatus status = hypervisor.status(id);
            if (status.state() == DomainState.ABSENT) {
                throw new NodeServiceException(Kind.NO_SUCH_DOMAIN,
                        "workspace " + id + " has no domain on this node, so its disk cannot be saved");
            }
            if (status.state() == DomainState.PAUSED) {
                hypervisor.control(id, DomainAction.RESUME);
            }
            if (isOn(status)) {
                hypervisor.control(id, DomainAction.SHUTDOWN);
                status = hypervisor.awaitOff(id, SHUTDOWN_GRACE);
            }
            String saved = storage.save(id, saveAs.strip(), disks.saveCompression());
            LOG.info("event=domain.saved workspace={} image={} state={} millis={}", id, saved, status.state(),
                    (System.nanoTime() - started) / 1_000_000);
            return new SavedDisk(status, saved);
        } catch (HypervisorException | StorageException e) {
            LOG.warn("event=domain.save_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw new NodeServiceException(Kind.FAILED, "saving workspace " + id + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isOn(DomainStatus s) {
        return s.state() == DomainState.RUNNING || s.state() == DomainState.PAUSED
                || s.state() == DomainState.SHUTTING_DOWN;
    }

    /**
     * Sets the domain's CPU weight as the market asks, and its cap when one is given. A cap the
     * hypervisor refuses leaves the weight standing and the answer without a cap.
     *
     * @return what the hypervisor applied, or empty when it refused the weight (logged; the market asks again)
     */
    public Optional<AppliedCpuWeight> setCpuWeight(String id, int weight, Integer capPercent)
            throws NodeServiceException {
        if (weight < 1) {
            throw invalid("the CPU weight of workspace " + id + " is " + weight + "; weights start at 1");
        }
        try {
            int applied = hypervisor.setCpuWeight(id, weight);
            requestedWeights.put(id, weight);
            Integer cap = null;
            if (capPercent != null) {
                try {
                    cap = hypervisor.setCpuCap(id, capPercent);
                } catch (HypervisorException e) {
                    LOG.warn("event=domain.cpu_cap_failed workspace={} reason=\"{}\"", id, e.getMessage());
                }
            }
            LOG.info("event=domain.cpu_weight workspace={} asked={} applied={}", id, weight, applied);
            return Optional.of(new AppliedCpuWeight(id, applied, cap));
        } catch (HypervisorException e) {
            LOG.warn("event=domain.cpu_weight_failed workspace={} reason=\"{}\"", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** The workspace's domain state (ABSENT when it has none), with its readiness while it runs. */
    public DomainReport state(String workspaceId) throws NodeServiceException {
        try {
            DomainStatus status = hypervisor.status(workspaceId);
            return new DomainReport(status,
                    status.state() == DomainState.RUNNING ? liveness.isReady(workspaceId) : null);
        } catch (HypervisorException e) {
            throw new NodeServiceException(Kind.FAILED, e.getMessage(), e);
        }
    }

    /** The node, its advertised capacity and its Agora domains with their CPU weights. */
    public NodeDescription describe() throws NodeServiceException {
        try {
            NodeFacts facts = hypervisor.facts();
            int vcpus = (int) ((long) (advertised.vcpus() > 0 ? advertised.vcpus() : facts.vcpus())
                    * advertised.cpuRatioPercent() / 100);
            long memoryMiB = (advertised.memoryMiB() > 0 ? advertised.memoryMiB() : facts.memoryMiB())
                    * advertised.memoryRatioPercent() / 100;
            List<NodeDescription.Domain> domains = new ArrayList<>();
            for (DomainStatus d : hypervisor.agoraDomains()) {
                Integer weight = null;
                try {
                    weight = hypervisor.cpuWeight(d.workspaceId());
                } catch (HypervisorException e) {
                    LOG.debug("event=domain.cpu_weight_unreadable workspace={} reason=\"{}\"", d.workspaceId(),
                            e.getMessage());
                }
                domains.add(new NodeDescription.Domain(d, requestedWeights.get(d.workspaceId()), weight));
            }
            return new NodeDescription(facts, vcpus, memoryMiB, advertised.diskMiB(), domains);
        } catch (HypervisorException e) {
            throw new NodeServiceException(Kind.FAILED, e.getMessage(), e);
        }
    }

    /**
     * The end of the workspace's serial console log, at most {@code maxBytes}; empty while its guest
     * has written nothing.
     */
    public ConsoleTail console(String id, int maxBytes) throws NodeServiceException {
        if (maxBytes < 1 || maxBytes > MAX_CONSOLE_BYTES) {
            throw invalid("GetConsole/MaxBytes is " + maxBytes + "; it must be between 1 and " + MAX_CONSOLE_BYTES);
        }
        try {
            if (!storage.prepared(id) && hypervisor.status(id).state() == DomainState.ABSENT) {
                throw new NodeServiceException(Kind.NO_SUCH_DOMAIN,
                        "workspace " + id + " has no domain on this node, so it has no console");
            }
            return ConsoleTail.read(storage.consoleLog(id), maxBytes);
        } catch (HypervisorException | IOException e) {
            throw new NodeServiceException(Kind.FAILED,
                    "reading the console of workspace " + id + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The domain events after {@code afterSequence} of the caller's {@code epoch}, waiting up to
     * {@code waitSeconds} for one when there is none yet.
     *
     * @param epoch the epoch of the caller's last batch, or null on its first call
     */
    public DomainEventLog.Batch watch(String epoch, long afterSequence, int waitSeconds) throws NodeServiceException {
        if (waitSeconds < 0 || waitSeconds > MAX_WATCH_SECONDS) {
            throw invalid("WatchDomains/WaitSeconds is " + waitSeconds + "; it must be between 0 and "
                    + MAX_WATCH_SECONDS);
        }
        try {
            return liveness.log().since(epoch, afterSequence, Duration.ofSeconds(waitSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeServiceException(Kind.STOPPING, "the node is shutting down", e);
        }
    }

    private static NodeServiceException invalid(String message) {
        return new NodeServiceException(Kind.INVALID_REQUEST, message);
    }
}
