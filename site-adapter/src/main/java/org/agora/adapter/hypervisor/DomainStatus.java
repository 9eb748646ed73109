package org.agora.adapter.hypervisor;

/**
 * A workspace's domain as libvirt reports it; {@code domainName} is null when ABSENT.
 *
 * @param cpuSeconds CPU time the domain has used, or -1 when unknown (absent domains)
 */
public record DomainStatus(String workspaceId, String domainName, DomainState state, double cpuSeconds) {
    public DomainStatus(String workspaceId, String domainName, DomainState state) {
        this(workspaceId, domainName, state, -1);
    }

    public static DomainStatus absent(String workspaceId) {
        return new DomainStatus(workspaceId, null, DomainState.ABSENT);
    }
}
