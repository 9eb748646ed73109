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
 * the test driver), so the lock is not the bottleneck a boot is. Long because it is the whole
 * {@link Hypervisor} interface over that one connection and its lock, each method a short translation.
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

    private final boolean xen;

    /**
     * Which workspace each listed domain is, by libvirt UUID (empty: not an Agora domain), so that
     * listing the node (every liveness check, on every lifecycle event) fetches and parses the XML of
     * new domains only: with 100 guests that was most of a listing (docs/performance.md). The id
     * is written into the domain's metadata when the adapter defines it, under a UUID equal to that
     * id, and never rewritten; entries of domains no longer listed are dropped. Guarded by
     * {@link #lock}.
     */
    private final java.util.Map<String, Optional<String>> workspaceByUuid = new java.util.HashMap<>();

    private final DomainTypeChoice domainTypeChoice;
    private final GuestCapabilities capabilities;

    private LibvirtHypervisor(Connect connection, String uri, boolean xen, DomainTypeChoice domainTypeChoice,
                              GuestCapabilities capabilities) {
        this.connection = connection;
        this.uri = uri;
        this.xen = xen;
        this.domainTypeChoice = domainTypeChoice;
        this.capabilities = capabilities;
    }

    /** A connection whose KVM/QEMU guests get kvm where libvirt offers it, else qemu. */
    public static LibvirtHypervisor connect(String uri) throws HypervisorException {
        return connect(uri, DomainXml.xenFlavoured(uri), DomainTypeChoice.AUTO);
    }

    /**
     * A connection whose guests are Xen's ({@code xen}) or KVM/QEMU's, whatever the URI says: a
     * test-driver node file can so stand for a Xen host in tests and demos.
     */
    public static LibvirtHypervisor connect(String uri, boolean xen) throws HypervisorException {
        return connect(uri, xen, DomainTypeChoice.AUTO);
    }

    /**
     * As {@link #connect(String, boolean)}, with the site's domain type choice; a forced {@code kvm}
     * that libvirt does not offer for the host's architecture fails here ({@link DomainType.Unavailable}),
     * not at the first deployment.
     */
    public static LibvirtHypervisor connect(String uri, boolean xen, DomainTypeChoice domainTypeChoice)
            throws HypervisorException {
        Connect connection;
        try {
            Connect.setErrorCallback(QUIET);
            LibvirtEventLoop.ensureRunning();
            connection = new Connect(uri, false);
        } catch (LibvirtException e) {
            throw new HypervisorException("cannot connect to libvirt at " + uri + ": " + e.getMessage()
                    + " (is libvirtd running, and may this user connect?)", e);
        } catch (UnsatisfiedLinkError e) {
            throw new HypervisorException("libvirt's C library is missing: install the Debian package libvirt0", e);
        }
        try {
            LibvirtHypervisor hypervisor = new LibvirtHypervisor(connection, uri, xen, domainTypeChoice,
                    GuestCapabilities.parse(connection.getCapabilities()));
            hypervisor.domainType();
            return hypervisor;
        } catch (LibvirtException e) {
            closeQuietly(connection);
            throw new HypervisorException("libvirt at " + uri + " did not describe its capabilities: " + e.getMessage(), e);
        } catch (HypervisorException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connect connection) {
        try {
            connection.close();
        } catch (LibvirtException ignored) {
            // The reason the connection is being given up is what the caller needs to hear about.
        }
    }

    /** The domain type this node's guests of the host's architecture get, and why. */
    public DomainType domainType() throws HypervisorException {
        lock.lock();
        try {
            return domainTypeFor(nodeArch());
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not describe the node at " + uri + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private DomainType domainTypeFor(String arch) throws DomainType.Unavailable {
        return DomainType.choose(domainTypeChoice, uri, capabilities, arch);
    }

    @Override
    public DomainStatus boot(DomainDefinition definition) throws HypervisorException {
        String id = definition.workspaceId();
        lock.lock();
        try {
            String arch = definition.arch() != null ? definition.arch() : nodeArch();
            String xml = DomainXml.build(definition, domainTypeFor(arch), nodeArch(), xen);
            Domain domain = connection.domainDefineXML(xml);
            try {
                if (definition.defineOnly()) {
                    return statusOf(id, domain);
                }
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

    private String arch;

    /** The host's architecture, asked of libvirt once: it does not change under a running adapter. */
    private String nodeArch() throws LibvirtException {
        if (arch == null) {
            arch = connection.nodeInfo().model;
        }
        return arch;
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
    public DomainStatus awaitOff(String workspaceId, java.time.Duration grace) throws HypervisorException {
        long deadline = System.nanoTime() + grace.toNanos();
        // Polling every 200 ms: bounded and simple; waiting on lifecycle events would save at most that.
        while (true) {
            DomainStatus s = status(workspaceId);
            if (s.state() != DomainState.RUNNING && s.state() != DomainState.SHUTTING_DOWN
                    && s.state() != DomainState.PAUSED) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                lock.lock();
                try {
                    Optional<Domain> d = lookup(workspaceId);
                    if (d.isPresent() && d.get().isActive() == 1) {
                        d.get().destroy();
                    }
                } catch (LibvirtException e) {
                    throw new HypervisorException("workspace " + workspaceId + " did not shut down within " + grace
                            + " and could not be forced off: " + e.getMessage(), e);
                } finally {
                    lock.unlock();
                }
                return status(workspaceId);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    @Override
    public int setCpuWeight(String workspaceId, int weight) throws HypervisorException {
        lock.lock();
        try {
            Domain domain = lookup(workspaceId).orElseThrow(() -> new HypervisorException("workspace " + workspaceId
                    + " has no domain on this node, so its CPU weight cannot be set", null));
            String field = weightField(domain);
            if (field == null) {
                throw new HypervisorException("the scheduler of workspace " + workspaceId + "'s domain has neither "
                        + "cpu_shares nor weight", null);
            }
            // In the hypervisor's own unit, as the market computes it per host type (Xen credit weight,
            // QEMU cpu_shares, whose parameter is an unsigned long).
            org.libvirt.SchedParameter p = "cpu_shares".equals(field)
                    ? new org.libvirt.SchedUlongParameter(weight) : new org.libvirt.SchedUintParameter(weight);
            p.field = field;
            domain.setSchedulerParameters(new org.libvirt.SchedParameter[] {p});
            return readWeight(domain);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not set the CPU weight of workspace " + workspaceId + " to "
                    + weight + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** QEMU's period for a cap, in microseconds: its default, 100 ms. */
    private static final long CAP_PERIOD_MICROS = 100_000;

    @Override
    public int setCpuCap(String workspaceId, int capPercent) throws HypervisorException {
        if (capPercent < 0) {
            throw new HypervisorException("a CPU cap is a percentage of one CPU, 0 for none; not " + capPercent, null);
        }
        lock.lock();
        try {
            Domain domain = lookup(workspaceId).orElseThrow(() -> new HypervisorException("workspace " + workspaceId
                    + " has no domain on this node, so its CPU cap cannot be set", null));
            java.util.Set<String> fields = new java.util.HashSet<>();
            for (org.libvirt.SchedParameter p : domain.getSchedulerParameters()) {
                fields.add(p.field);
            }
            if (fields.contains("cap")) {
                org.libvirt.SchedUintParameter cap = new org.libvirt.SchedUintParameter(capPercent);
                cap.field = "cap";
                domain.setSchedulerParameters(new org.libvirt.SchedParameter[] {cap});
            } else if (fields.contains("global_quota")) {
                org.libvirt.SchedUlongParameter period = new org.libvirt.SchedUlongParameter(CAP_PERIOD_MICROS);
                period.field = "global_period";
                org.libvirt.SchedLongParameter quota = new org.libvirt.SchedLongParameter(
                        capPercent == 0 ? -1 : capPercent * CAP_PERIOD_MICROS / 100);
                quota.field = "global_quota";
                // One parameter per call: libvirt-java 0.5.3 fails to marshal an array of two
                // ("Structure array elements must use contiguous memory").
                domain.setSchedulerParameters(new org.libvirt.SchedParameter[] {period});
                domain.setSchedulerParameters(new org.libvirt.SchedParameter[] {quota});
            } else {
                throw new HypervisorException("the scheduler of workspace " + workspaceId + "'s domain has no CPU cap "
                        + "(neither Xen's cap nor QEMU's global_quota)", null);
            }
            return readCap(domain);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not cap the CPU of workspace " + workspaceId + " at "
                    + capPercent + " %: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The workspace's CPU cap in percent of one CPU as the hypervisor reports it; 0 when there is none. */
    public int cpuCap(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Domain domain = lookup(workspaceId).orElseThrow(() -> new HypervisorException("workspace " + workspaceId
                    + " has no domain on this node", null));
            return readCap(domain);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not read the CPU cap of workspace " + workspaceId + ": "
                    + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The cap in percent of one CPU as the hypervisor reports it; 0 when there is none. */
    private static int readCap(Domain domain) throws LibvirtException {
        long period = CAP_PERIOD_MICROS;
        Long quota = null;
        for (org.libvirt.SchedParameter p : domain.getSchedulerParameters()) {
            if ("cap".equals(p.field)) {
                return (int) Long.parseLong(p.getValueAsString());
            }
            if ("global_period".equals(p.field)) {
                period = Long.parseLong(p.getValueAsString());
            }
            if ("global_quota".equals(p.field)) {
                quota = Long.parseLong(p.getValueAsString());
            }
        }
        return quota == null || quota <= 0 || period <= 0 ? 0 : (int) Math.round(quota * 100.0 / period);
    }

    @Override
    public int cpuWeight(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Domain domain = lookup(workspaceId).orElseThrow(() -> new HypervisorException("workspace " + workspaceId
                    + " has no domain on this node", null));
            return readWeight(domain);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not read the CPU weight of workspace " + workspaceId + ": "
                    + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** QEMU/KVM call it cpu_shares; Xen's credit scheduler and libvirt's test driver call it weight; null if neither. */
    private static String weightField(Domain domain) throws LibvirtException {
        for (org.libvirt.SchedParameter p : domain.getSchedulerParameters()) {
            if ("cpu_shares".equals(p.field) || "weight".equals(p.field)) {
                return p.field;
            }
        }
        return null;
    }

    private static int readWeight(Domain domain) throws LibvirtException {
        for (org.libvirt.SchedParameter p : domain.getSchedulerParameters()) {
            if ("cpu_shares".equals(p.field) || "weight".equals(p.field)) {
                return (int) Long.parseLong(p.getValueAsString());
            }
        }
        return -1;
    }

    @Override
    public DomainStatus destroy(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Optional<Domain> found = lookup(workspaceId);
            if (found.isEmpty()) {
                return DomainStatus.absent(workspaceId);
            }
            Domain domain = found.get();
            DomainStatus last = statusOf(workspaceId, domain);
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            if (domain.isPersistent() == 1) {
                domain.undefine();
            }
            return last;
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
            // Other programs on the node (or a guest powering itself off) may end a domain between the
            // listing and the lookups: one that has gone is skipped, not taken for a failed listing.
            List<Domain> all = new ArrayList<>();
            for (int id : connection.listDomains()) {
                byId(id).ifPresent(all::add);
            }
            for (String name : connection.listDefinedDomains()) {
                byName(name).ifPresent(all::add);
            }
            List<DomainStatus> agora = new ArrayList<>();
            java.util.Set<String> listed = new java.util.HashSet<>();
            for (Domain d : all) {
                try {
                    String uuid = d.getUUIDString();
                    listed.add(uuid);
                    Optional<String> workspace = workspaceByUuid.get(uuid);
                    if (workspace == null) {
                        workspace = DomainXml.workspaceIdOf(d.getXMLDesc(0));
                        workspaceByUuid.put(uuid, workspace);
                    }
                    if (workspace.isPresent()) {
                        agora.add(statusOf(workspace.get(), d));
                    }
                } catch (LibvirtException e) {
                    if (!isNoDomain(e)) {
                        throw e;
                    }
                }
            }
            workspaceByUuid.keySet().retainAll(listed);
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
            String type = connection.getType().toLowerCase();
            // A test-driver node standing for a Xen host says so, as a Xen host's libvirt would.
            return new NodeFacts(connection.getHostName(), uri, xen && !type.startsWith("xen") ? "xen" : type,
                    info.model, info.cpus, info.memory / 1024);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not describe the node at " + uri + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private Optional<Domain> lookup(String workspaceId) throws LibvirtException {
        return byName(DomainXml.domainName(workspaceId));
    }

    private Optional<Domain> byName(String name) throws LibvirtException {
        try {
            return Optional.of(connection.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<Domain> byId(int id) throws LibvirtException {
        try {
            return Optional.of(connection.domainLookupByID(id));
        } catch (LibvirtException e) {
            if (isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isNoDomain(LibvirtException e) {
        return e.getError() != null && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    private static DomainStatus statusOf(String workspaceId, Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        DomainInfo.DomainState s = info.state;
        DomainState state = switch (s) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> domain.isPersistent() == 1 ? DomainState.DEFINED : DomainState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
            default -> DomainState.SHUTOFF;
        };
        return new DomainStatus(workspaceId, domain.getName(), state, info.cpuTime / 1e9);
    }

    @Override
    public void onLifecycleEvent(Runnable listener) {
        lock.lock();
        try {
            org.libvirt.event.LifecycleListener l = (domain, event) -> {
                listener.run();
                return 0;
            };
            connection.addLifecycleListener(l);
            lifecycleListeners.add(l);
        } catch (LibvirtException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LibvirtHypervisor.class).info(
                    "event=libvirt.lifecycle_events_unavailable uri={} reason=\"{}\" fallback=polling", uri,
                    e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<java.net.InetAddress> requestedAddresses(String workspaceId) throws HypervisorException {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (String ip : DomainXml.requestedAddressesOf(domainXml(workspaceId).orElse("<domain/>"))) {
            try {
                // Written as a literal by DomainXml: parsed, never resolved.
                out.add(java.net.InetAddress.getByName(ip));
            } catch (java.net.UnknownHostException e) {
                throw new HypervisorException("workspace " + workspaceId + " has Ip '" + ip + "' in its domain's "
                        + "metadata, which is not an IP address (edited by hand?)", e);
            }
        }
        return out;
    }

    @Override
    public List<java.net.InetAddress> reportedAddresses(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Domain domain = lookup(workspaceId).orElseThrow(() -> new HypervisorException("workspace " + workspaceId
                    + " has no domain", null));
            // Leases answer for libvirt's own (NAT, routed) networks; bridged guests on the site's DHCP
            // are only in the host's ARP table, once the host has talked to them.
            List<java.net.InetAddress> found = addresses(domain,
                    Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE);
            return found.isEmpty() ? addresses(domain, Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP)
                    : found;
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not report the addresses of workspace " + workspaceId + ": "
                    + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static List<java.net.InetAddress> addresses(Domain domain, int source) throws LibvirtException {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (org.libvirt.DomainInterface nic : domain.interfaceAddresses(source, 0)) {
            if (nic.addrs != null) {
                for (org.libvirt.DomainInterface.InterfaceAddress a : nic.addrs) {
                    out.add(a.address);
                }
            }
        }
        return out;
    }

    /** The domain's XML as libvirt holds it (for admins and tests); empty when there is no such domain. */
    public Optional<String> domainXml(String workspaceId) throws HypervisorException {
        lock.lock();
        try {
            Optional<Domain> d = lookup(workspaceId);
            return d.isEmpty() ? Optional.empty() : Optional.of(d.get().getXMLDesc(0));
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not describe workspace " + workspaceId + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the libvirt network is active; empty when libvirt has no network of that name. */
    public Optional<Boolean> networkActive(String name) throws HypervisorException {
        lock.lock();
        try {
            return Optional.of(connection.networkLookupByName(name).isActive() == 1);
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_NETWORK) {
                return Optional.empty();
            }
            throw new HypervisorException("libvirt could not look up network " + name + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** libvirt's version on this connection's host, as major.minor.release. */
    public String libvirtVersion() throws HypervisorException {
        lock.lock();
        try {
            long v = connection.getLibVersion();
            return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt could not report its version: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Deregistered before the connection closes: libvirt would otherwise call into a freed callback. */
    private final List<org.libvirt.event.LifecycleListener> lifecycleListeners = new ArrayList<>();

    @Override
    public void close() {
        lock.lock();
        try {
            for (org.libvirt.event.LifecycleListener l : lifecycleListeners) {
                try {
                    connection.removeLifecycleListener(l);
                } catch (LibvirtException | RuntimeException e) {
                    // Closing follows regardless.
                }
            }
            lifecycleListeners.clear();
            connection.close();
        } catch (LibvirtException ignored) {
            // Closing a broken connection leaves nothing to clean.
        } finally {
            lock.unlock();
        }
    }
}
