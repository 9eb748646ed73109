package org.agora.adapter.hypervisor;

/** A workspace's domain as libvirt reports it; {@code domainName} is null when ABSENT. */
public record DomainStatus(String workspaceId, String domainName, DomainState state) {
    public static DomainStatus absent(String workspaceId) {
        return new DomainStatus(workspaceId, null, DomainState.ABSENT);
    }
}
