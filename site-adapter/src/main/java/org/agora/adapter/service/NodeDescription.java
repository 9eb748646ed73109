package org.agora.adapter.service;

import java.util.List;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.NodeFacts;

/**
 * The node as the workspace service places on it: what the hypervisor says of it, the capacity it
 * offers (after over-commit), and every Agora domain on it.
 */
public record NodeDescription(NodeFacts facts, int vcpus, long memoryMiB, long diskMiB, List<Domain> domains) {
    public NodeDescription {
        domains = List.copyOf(domains);
    }

    /**
     * One domain with its CPU weights.
     *
     * @param requestedCpuWeight what the market last asked for, or null when it asked nothing
     * @param cpuWeight what the hypervisor applies, or null when it could not be read
     */
    public record Domain(DomainStatus status, Integer requestedCpuWeight, Integer cpuWeight) {
    }
}
