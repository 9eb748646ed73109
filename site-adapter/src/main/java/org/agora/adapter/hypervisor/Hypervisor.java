package org.agora.adapter.hypervisor;

import java.util.List;

/** The adapter's view of a hypervisor: boot, inspect and remove the domains of workspaces. */
public interface Hypervisor extends AutoCloseable {
    /** Defines and starts (or starts paused) the workspace's domain. */
    DomainStatus boot(DomainDefinition definition) throws HypervisorException;

    /** Starts, shuts down, pauses, resumes or reboots the workspace's domain, and reports its state after. */
    DomainStatus control(String workspaceId, DomainAction action) throws HypervisorException;

    /** Stops and undefines the workspace's domain; a workspace without one is not an error. */
    void destroy(String workspaceId) throws HypervisorException;

    /** The workspace's domain state, ABSENT when libvirt has no such domain. */
    DomainStatus status(String workspaceId) throws HypervisorException;

    /** Every domain, running or only defined, whose metadata names an Agora workspace. */
    List<DomainStatus> agoraDomains() throws HypervisorException;

    NodeFacts facts() throws HypervisorException;

    @Override
    void close();
}
