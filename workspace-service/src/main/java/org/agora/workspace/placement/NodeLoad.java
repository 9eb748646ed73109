package org.agora.workspace.placement;

import org.agora.workspace.model.WorkspaceRequest;

/**
 * A node's advertised capacity and what live workspaces already hold there.
 */
public record NodeLoad(String node, int vcpus, long memoryMiB, long diskMiB,
                       int usedVcpus, long usedMemoryMiB, long usedDiskMiB) {

    /** Whether the request fits in what is left. */
    public boolean fits(WorkspaceRequest r) {
        return usedVcpus + r.vcpus() <= vcpus
                && usedMemoryMiB + r.memoryMiB() <= memoryMiB
                && usedDiskMiB + r.diskMiB() <= diskMiB;
    }

    /** Fraction of memory in use, the scarcest resource on most virtualisation nodes. */
    public double memoryLoad() {
        return memoryMiB == 0 ? 1.0 : (double) usedMemoryMiB / memoryMiB;
    }
}
