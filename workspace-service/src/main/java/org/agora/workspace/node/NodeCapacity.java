package org.agora.workspace.node;

/**
 * What a node advertises it can hold.
 *
 * @param hypervisor the hypervisor family requests name ("xen" or "kvm"), or null when unknown
 * @param arch the node's CPU architecture (e.g. x86_64), or null when unknown
 */
public record NodeCapacity(int vcpus, long memoryMiB, long diskMiB, String hypervisor, String arch) {
    public NodeCapacity(int vcpus, long memoryMiB, long diskMiB) {
        this(vcpus, memoryMiB, diskMiB, null, null);
    }
}
