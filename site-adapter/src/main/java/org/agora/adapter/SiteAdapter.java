package org.agora.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.node.NodeEndpoint;
import org.agora.adapter.storage.SparseFileStorage;
import org.agora.adapter.storage.StorageBackend;
import org.agora.adapter.storage.StorageException;
import org.agora.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site adapter: hypervisor, storage and the node endpoint over them. Opening it reconciles the
 * node first: domains carrying Agora metadata are adopted, storage no domain uses is released.
 */
public final class SiteAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteAdapter.class);

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final NodeEndpoint endpoint;

    public SiteAdapter(Hypervisor hypervisor, StorageBackend storage, NodeEndpoint.Capacity capacity) {
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.endpoint = new NodeEndpoint(hypervisor, storage, capacity);
    }

    public static SiteAdapter open(Settings settings) throws AdapterStartException {
        Hypervisor hypervisor;
        try {
            hypervisor = LibvirtHypervisor.connect(settings.get(AdapterSettings.LIBVIRT_URI));
        } catch (HypervisorException e) {
            throw new AdapterStartException(AdapterSettings.LIBVIRT_URI.key() + ": " + e.getMessage(), e);
        }
        try {
            SparseFileStorage storage = new SparseFileStorage(settings.get(AdapterSettings.STORAGE_DIR));
            long disk = settings.get(AdapterSettings.CAPACITY_DISK) > 0 ? settings.get(AdapterSettings.CAPACITY_DISK)
                    : Files.getFileStore(storage.directory()).getUsableSpace() / (1024 * 1024);
            SiteAdapter adapter = new SiteAdapter(hypervisor, storage, new NodeEndpoint.Capacity(
                    settings.get(AdapterSettings.CAPACITY_VCPUS), settings.get(AdapterSettings.CAPACITY_MEMORY), disk));
            adapter.reconcile();
            return adapter;
        } catch (StorageException | HypervisorException | IOException e) {
            hypervisor.close();
            throw new AdapterStartException(e.getMessage(), e);
        }
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
        return running;
    }

    public NodeEndpoint endpoint() {
        return endpoint;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    @Override
    public void close() {
        hypervisor.close();
    }
}
