package org.agora.adapter.liveness;

import java.util.List;
import org.agora.adapter.hypervisor.DomainXml;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;

/**
 * Where a guest can be reached from the node: the addresses its request gave its interfaces, as
 * recorded in the domain's Agora metadata (so they survive an adapter restart with the domain).
 */
@FunctionalInterface
public interface GuestAddresses {
    /** The guest's addresses, first interface first; empty when none is known. */
    List<String> of(String workspaceId);

    /** The addresses in the metadata of the workspace's domain on {@code hypervisor}. */
    static GuestAddresses fromMetadata(Hypervisor hypervisor) {
        return id -> {
            try {
                return hypervisor.domainXml(id).map(DomainXml::addressesOf).orElse(List.of());
            } catch (HypervisorException e) {
                return List.of();
            }
        };
    }
}
