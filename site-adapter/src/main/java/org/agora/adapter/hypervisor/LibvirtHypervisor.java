package org.agora.adapter.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.jna.Libvirt;

/**
 * A {@link Hypervisor} over one libvirt connection. libvirt-java's objects are not meant for
 * concurrent use, so every call holds the connection's lock; calls are short (milliseconds on
 * the test driver), so the lock is not the bottleneck a boot is.
 */
public final class LibvirtHypervisor implements Hypervisor {
    /**
     * libvirt prints every error to stderr by default ("Domain not found" on each status check of
     * an absent domain). The errors still reach us as LibvirtException; this keeps them off the
     * console. Held in a field so JNA's callback is never garbage-collected.
     */
    private static final Libvirt.VirErrorCallback QUIET = new Libvirt.VirErrorCallback() {
        @Override
        public void errorCallback(com.sun.jna.Pointer userData, org.libvirt.jna.virError error) {
            // Reported through LibvirtException by the caller.
        }
    };

    private final Connect connection;
    private final String uri;
    private final ReentrantLock lock = new ReentrantLock();

    private LibvirtHypervisor(Connect connection, String uri) {
        this.connection = connection;
        this.uri = uri;
    }

    public static LibvirtHypervisor connect(String uri) throws HypervisorException {
        try {
            Connect.setErrorCallback(QUIET);
            return new LibvirtHypervisor(new Connect(uri, false), uri);
        } catch (LibvirtException e) {
            throw new HypervisorException("cannot connect to libvirt at " + uri + ": " + e.getMessage()
                    + " (is libvirtd running, and may this user connect?)", e);
        } catch (UnsatisfiedLinkError e) {
            throw new HypervisorException("libvirt's C library is missing: install the Debian package libvirt0", e);
        }
    }

    @Override
    public DomainStatus boot(DomainDefinition definition) throws HypervisorException {
        String id = definition.workspaceId();
        lock.lock();
        try {
            String xml = DomainXml.build(definition, uri, connection.nodeInfo().model);
            Domain domain = connection.domainDefineXML(xml);
            try {
                if (definition.startPaused()) {
                    startPaused(domain);
                } else {
                    domain.create();
                }
            } catch (LibvirtException startFailed) {
                // A defined but unstartable domain would linger: remove it before reporting.
                undefineQuietly(domain);
                throw startFailed;
            }
            return statusOf(id, domain);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not boot workspace " + id + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static void startPaused(Domain domain) throws LibvirtException {
        try {
            domain.create(1); // VIR_DOMAIN_START_PAUSED: the guest never runs a cycle
        } catch (LibvirtException e) {
            if (e.getError() == null || e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_INVALID_ARG) {
                throw e;
            }
            // Drivers without the flag (libvirt's test driver): start, then suspend at once.
            domain.create();
            domain.suspend();
        }
    }

    private static void undefineQuietly(Domain domain) {
        try {
            domain.undefine();
        } catch (LibvirtException ignored) {
            // The start failure is what the caller needs to hear about.
        }
    }

    @Override
    public DomainStatus control(String workspaceId, DomainAction action) throws HypervisorException {
        lock.lock();
        try {
            Domain domain = lookup(workspaceId).orElseThrow(() -> new HypervisorException("workspace " + workspaceId
                    + " has no domain on this node, so it cannot " + action.name().toLowerCase(), null));
            switch (action) {
                case START -> domain.create();
                case SHUTDOWN -> domain.shutdown();
                case PAUSE -> domain.suspend();
                case RESUME -> domain.resume();
                case REBOOT -> domain.reboot(0);
                default -> throw new IllegalArgumentException(action.name());
            }
            return statusOf(workspaceId, domain);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not " + action.name().toLowerCase() + " workspace "
                    + workspaceId + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroy(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Optional<Domain> found = lookup(workspaceId);
            if (found.isEmpty()) {
                return;
            }
            Domain domain = found.get();
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            if (domain.isPersistent() == 1) {
                domain.undefine();
            }
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not destroy workspace " + workspaceId + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DomainStatus status(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Optional<Domain> found = lookup(workspaceId);
            return found.isEmpty() ? DomainStatus.absent(workspaceId) : statusOf(workspaceId, found.get());
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not report workspace " + workspaceId + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<DomainStatus> agoraDomains() throws HypervisorException {
        lock.lock();
        try {
            List<Domain> all = new ArrayList<>();
            for (int id : connection.listDomains()) {
                all.add(connection.domainLookupByID(id));
            }
            for (String name : connection.listDefinedDomains()) {
                all.add(connection.domainLookupByName(name));
            }
            List<DomainStatus> agora = new ArrayList<>();
            for (Domain d : all) {
                Optional<String> workspace = DomainXml.workspaceIdOf(d.getXMLDesc(0));
                if (workspace.isPresent()) {
                    agora.add(statusOf(workspace.get(), d));
                }
            }
            return agora;
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not list domains at " + uri + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public NodeFacts facts() throws HypervisorException {
        lock.lock();
        try {
            NodeInfo info = connection.nodeInfo();
            return new NodeFacts(connection.getHostName(), uri, connection.getType().toLowerCase(), info.model,
                    info.cpus, info.memory / 1024);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not describe the node at " + uri + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private Optional<Domain> lookup(String workspaceId) throws LibvirtException {
        try {
            return Optional.of(connection.domainLookupByName(DomainXml.domainName(workspaceId)));
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static DomainStatus statusOf(String workspaceId, Domain domain) throws LibvirtException {
        DomainInfo.DomainState s = domain.getInfo().state;
        DomainState state = switch (s) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> domain.isPersistent() == 1 ? DomainState.DEFINED : DomainState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
            default -> DomainState.SHUTOFF;
        };
        return new DomainStatus(workspaceId, domain.getName(), state);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (LibvirtException ignored) {
            // Closing a broken connection leaves nothing to clean.
        } finally {
            lock.unlock();
        }
    }
}
