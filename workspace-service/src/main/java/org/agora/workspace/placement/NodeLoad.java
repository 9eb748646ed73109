package org.agora.workspace.placement;

import org.agora.workspace.model.WorkspaceRequest;

/**
 * A node's advertised capacity and what live workspaces already hold there.
 */
public record NodeLoad(String node, int vcpus, long memoryMiB, long diskMiB,
                       int usedVcpus, long usedMemoryMiB, long usedDiskMiB, String hypervisor, String arch) {

    /** A node whose hypervisor and architecture are not known (any guest platform is taken to run). */
    public NodeLoad(String node, int vcpus, long memoryMiB, long diskMiB, int usedVcpus, long usedMemoryMiB,
                    long usedDiskMiB) {
        this(node, vcpus, memoryMiB, diskMiB, usedVcpus, usedMemoryMiB, usedDiskMiB, null, null);
    }

    /** Whether the request's platform runs here and it fits in what is left. */
    public boolean fits(WorkspaceRequest r) {
        if (r.platform() != null && hypervisor != null && !r.platform().runsOn(hypervisor, arch)) {
            return false;
        }
        return usedVcpus + r.vcpus() <= vcpus
                && usedMemoryMiB + r.memoryMiB() <= memoryMiB
                && usedDiskMiB + r.diskMiB() <= diskMiB;
    }

    /** This load with the request added: what the node would hold once it is placed here. */
    public NodeLoad plus(WorkspaceRequest r) {
        return new NodeLoad(node, vcpus, memoryMiB, diskMiB, usedVcpus + r.vcpus(), usedMemoryMiB + r.memoryMiB(),
                usedDiskMiB + r.diskMiB(), hypervisor, arch);
    }

    /** Fraction of memory in use, the scarcest resource on most virtualisation nodes. */
    public double memoryLoad() {
        return memoryMiB == 0 ? 1.0 : (double) usedMemoryMiB / memoryMiB;
    }
}
