package org.agora.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.DomainType;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.image.ImageCache;
import org.agora.adapter.image.ImageException;
import org.agora.adapter.liveness.DomainEventLog;
import org.agora.adapter.liveness.HypervisorGuestAddresses;
import org.agora.adapter.liveness.LivenessMonitor;
import org.agora.adapter.liveness.ReadinessProbe;
import org.agora.adapter.node.NodeEndpoint;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.service.DiskPolicy;
import org.agora.adapter.service.Networks;
import org.agora.adapter.service.NodeService;
import org.agora.adapter.storage.Compression;
import org.agora.adapter.storage.FileStorage;
import org.agora.adapter.storage.LoopbackStorage;
import org.agora.adapter.storage.LvmStorage;
import org.agora.adapter.storage.Qcow2OverlayStorage;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.adapter.storage.StorageBackend;
import org.agora.adapter.storage.StorageException;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site adapter: hypervisor, storage, the node service over them and its endpoint. Opening it reconciles the
 * node first: domains carrying Agora metadata are adopted, storage no domain uses is released.
 */
public final class SiteAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteAdapter.class);

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final LivenessMonitor liveness;
    private final NodeService service;
    private final NodeEndpoint endpoint;

    private final ImageCache images;

    /** @param images where image URIs are fetched to, or null for repository images only */
    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, Capacity capacity,
                       DiskPolicy disks, Networks networks, Duration livenessPoll, ImageCache images) {
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.images = images;
        this.liveness = new LivenessMonitor(hypervisor, storage, new DomainEventLog(), livenessPoll);
        this.service = new NodeService(hypervisor, storage, capacity, disks, networks, liveness, images);
        this.endpoint = new NodeEndpoint(service);
    }

    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, Capacity capacity,
                       DiskPolicy disks, Networks networks, Duration livenessPoll) {
        this(hypervisor, storage, capacity, disks, networks, livenessPoll, null);
    }

    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, Capacity capacity,
                       DiskPolicy disks, Duration livenessPoll) {
        this(hypervisor, storage, capacity, disks, Networks.DEFAULT, livenessPoll);
    }

    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, Capacity capacity,
                       Duration livenessPoll) {
        this(hypervisor, storage, capacity, DiskPolicy.ROOT_ONLY, livenessPoll);
    }

    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, Capacity capacity,
                       DiskPolicy disks) {
        this(hypervisor, storage, capacity, disks, Duration.ofSeconds(2));
    }

    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, Capacity capacity) {
        this(hypervisor, storage, capacity, DiskPolicy.ROOT_ONLY, Duration.ofSeconds(2));
    }

    public static SiteAdapter open(Settings settings) throws AdapterStartException {
        try {
            AdapterSettings.validate(settings);
        } catch (ConfigurationException e) {
            throw new AdapterStartException(e.getMessage(), e);
        }
        Hypervisor hypervisor;
        try {
            LibvirtHypervisor libvirt = LibvirtHypervisor.connect(settings.get(AdapterSettings.LIBVIRT_URI),
                    AdapterSettings.xen(settings), AdapterSettings.domainType(settings));
            DomainType type = libvirt.domainType();
            LOG.info("event=hypervisor.domain_type type={} choice={} reason=\"{}\"", type.name(),
                    settings.get(AdapterSettings.DOMAIN_TYPE), type.reason());
            hypervisor = libvirt;
        } catch (DomainType.Unavailable e) {
            throw new AdapterStartException(AdapterSettings.DOMAIN_TYPE.key() + ": " + e.getMessage(), e);
        } catch (HypervisorException e) {
            throw new AdapterStartException(AdapterSettings.LIBVIRT_URI.key() + ": " + e.getMessage(), e);
        }
        try {
            FileStorage storage = storage(settings);
            long disk = settings.get(AdapterSettings.CAPACITY_DISK) > 0 ? settings.get(AdapterSettings.CAPACITY_DISK)
                    : Files.getFileStore(storage.directory()).getUsableSpace() / (1024 * 1024);
            DiskPolicy disks = new DiskPolicy(settings.get(AdapterSettings.STORAGE_SWAP),
                    settings.get(AdapterSettings.STORAGE_SCRATCH),
                    Compression.valueOf(settings.get(AdapterSettings.STORAGE_SAVE_COMPRESSION).toUpperCase()));
            SiteAdapter adapter = new SiteAdapter(hypervisor, storage, new Capacity(
                    settings.get(AdapterSettings.CAPACITY_VCPUS), settings.get(AdapterSettings.CAPACITY_MEMORY), disk,
                    settings.get(AdapterSettings.CAPACITY_CPU_RATIO), settings.get(AdapterSettings.CAPACITY_MEMORY_RATIO)),
                    disks, new Networks(AdapterSettings.networks(settings), settings.find(AdapterSettings.MAC_PREFIX)
                            .orElse(null)), Duration.ofMillis(settings.get(AdapterSettings.LIVENESS_POLL_MILLIS)),
                    new ImageCache(settings.find(AdapterSettings.IMAGE_CACHE_DIR)
                            .orElse(storage.directory().resolve("image-cache")),
                            settings.get(AdapterSettings.IMAGE_CACHE_MAX_MIB) * 1024L * 1024L));
            LOG.info("event=storage.opened backend={} dir={} swap_mib={} scratch_mib={} save_compression={}",
                    settings.get(AdapterSettings.STORAGE_BACKEND), storage.directory(), disks.swapMiB(),
                    disks.scratchMiB(), disks.saveCompression());
            adapter.reconcile();
            adapter.liveness.readinessProbe(readinessProbe(settings, hypervisor, storage));
            LOG.info("event=readiness.configured probe=\"{}\"", adapter.liveness.readinessProbe().describe());
            adapter.liveness.start();
            return adapter;
        } catch (StorageException | HypervisorException | IOException | ImageException e) {
            hypervisor.close();
            throw new AdapterStartException(e.getMessage(), e);
        }
    }

    /**
     * The storage back-end {@code agora.adapter.storage.backend} names. Raw stays the default: it
     * needs no tool, so a node's disk layout never changes because a package was installed.
     */
    /** The storage back-end the settings choose, opened (which checks the tools it needs). */
    public static FileStorage storage(Settings settings) throws StorageException {
        java.nio.file.Path dir = settings.get(AdapterSettings.STORAGE_DIR);
        String backend = settings.get(AdapterSettings.STORAGE_BACKEND);
        try {
            return switch (backend) {
                case "qcow2" -> new Qcow2OverlayStorage(dir);
                case "loopback" -> new LoopbackStorage(dir);
                case "lvm" -> new LvmStorage(dir, settings.get(AdapterSettings.STORAGE_LVM_VG));
                default -> new RawCopyStorage(dir);
            };
        } catch (StorageException e) {
            throw new StorageException(AdapterSettings.STORAGE_BACKEND.key() + " = " + backend + ": " + e.getMessage(),
                    e);
        }
    }

    /** The readiness probe the settings choose, over this node's hypervisor (for guest addresses) and storage. */
    public static ReadinessProbe readinessProbe(Settings settings, Hypervisor hypervisor, StorageBackend storage) {
        return AdapterSettings.readiness(settings).probe(storage,
                settings.find(AdapterSettings.READINESS_MARKER).orElse(null), new HypervisorGuestAddresses(hypervisor),
                Duration.ofMillis(settings.get(AdapterSettings.READINESS_TIMEOUT_MILLIS)));
    }

    /** Matches libvirt's domains and the storage directory; returns the workspace ids adopted. */
    public Set<String> reconcile() throws HypervisorException, StorageException {
        Set<String> running = new HashSet<>();
        for (DomainStatus d : hypervisor.agoraDomains()) {
            running.add(d.workspaceId());
            LOG.info("event=reconcile.adopted workspace={} domain={} state={}", d.workspaceId(), d.domainName(),
                    d.state());
        }
        for (String id : storage.leftovers()) {
            if (!running.contains(id)) {
                storage.release(id);
                LOG.info("event=reconcile.storage_released workspace={} reason=\"no domain uses it\"", id);
            }
        }
        if (images != null) {
            try {
                images.retainOnly(running);
            } catch (ImageException e) {
                LOG.warn("event=reconcile.image_pins_unread reason=\"{}\"", e.getMessage());
            }
        }
        return running;
    }

    /** The node service in the adapter's own terms. */
    public NodeService service() {
        return service;
    }

    /** The node contract's port over {@link #service()}, to publish. */
    public NodeEndpoint endpoint() {
        return endpoint;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    public LivenessMonitor liveness() {
        return liveness;
    }

    public StorageBackend storage() {
        return storage;
    }

    @Override
    public void close() {
        liveness.close();
        hypervisor.close();
    }
}
