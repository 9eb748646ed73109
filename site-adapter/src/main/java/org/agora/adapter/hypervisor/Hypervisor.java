package org.agora.adapter.hypervisor;

import java.util.List;

/** The adapter's view of a hypervisor: boot, inspect and remove the domains of workspaces. */
public interface Hypervisor extends AutoCloseable {
    /** Defines and starts (or starts paused) the workspace's domain. */
    DomainStatus boot(DomainDefinition definition) throws HypervisorException;

    /** Starts, shuts down, pauses, resumes or reboots the workspace's domain, and reports its state after. */
    DomainStatus control(String workspaceId, DomainAction action) throws HypervisorException;

    /**
     * Waits until the workspace's domain is off (shut down by its guest), up to {@code grace};
     * then forces it off. Returns its state after.
     */
    DomainStatus awaitOff(String workspaceId, java.time.Duration grace) throws HypervisorException;

    /**
     * Sets the domain's CPU weight (Xen credit {@code weight}, QEMU/KVM {@code cpu_shares}, the test
     * driver's {@code weight}) and returns the value the hypervisor reports after.
     */
    int setCpuWeight(String workspaceId, int weight) throws HypervisorException;

    /**
     * Caps the domain's CPU time at {@code capPercent} of one host CPU (0: no cap) and returns the
     * cap the hypervisor reports after; refused by hypervisors without one (libvirt's test driver).
     */
    int setCpuCap(String workspaceId, int capPercent) throws HypervisorException;

    /** The domain's CPU weight as the hypervisor reports it. */
    int cpuWeight(String workspaceId) throws HypervisorException;

    /**
     * Stops and undefines the workspace's domain; a workspace without one is not an error. Returns
     * the domain's status just before (with the CPU time its guest used), absent if there was none.
     */
    DomainStatus destroy(String workspaceId) throws HypervisorException;

    /** The workspace's domain state, ABSENT when libvirt has no such domain. */
    DomainStatus status(String workspaceId) throws HypervisorException;

    /** Every domain, running or only defined, whose metadata names an Agora workspace. */
    List<DomainStatus> agoraDomains() throws HypervisorException;

    NodeFacts facts() throws HypervisorException;

    /**
     * The IP addresses the workspace's request gave its interfaces, as kept with its domain (so an
     * adapter restart still knows them), in interface order; empty when it gave none or there is no
     * such domain.
     */
    List<java.net.InetAddress> requestedAddresses(String workspaceId) throws HypervisorException;

    /**
     * The addresses the hypervisor has seen the running domain use (DHCP leases of its networks,
     * then the host's ARP table); empty when it has seen none.
     *
     * @throws HypervisorException when the hypervisor cannot tell (no such call on its driver, the
     *         domain is not running), with its reason
     */
    List<java.net.InetAddress> reportedAddresses(String workspaceId) throws HypervisorException;

    /**
     * Calls {@code listener} (on the hypervisor's event thread: it must return at once) whenever
     * the hypervisor reports a domain lifecycle change. Drivers without events never call it.
     */
    void onLifecycleEvent(Runnable listener);

    @Override
    void close();
}
