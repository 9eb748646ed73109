package org.agora.adapter.service;

import java.util.List;

/**
 * What a workspace's domain is deployed from.
 *
 * @param image a name in the node's image repository, or an image URI to fetch into the node's cache
 * @param imageSha256 the digest an image URI's content must have, or null
 * @param arch the guest architecture, or null for the node's own
 * @param kernel a kernel in the node's repository to boot directly, or null to boot the disk; so {@code initrd}
 * @param nics the requested interfaces; empty means one on the node's first network
 * @param cpuWeight relative CPU weight on the Xen credit scale; 0 or less means the default share (256)
 * @param startPaused boot the domain paused
 * @param defineOnly define the domain but do not start it
 */
public record WorkspaceSpec(String workspaceId, String owner, String image, String imageSha256, int vcpus,
                            int memoryMiB, int diskMiB, String arch, String kernel, String initrd, String kernelArgs,
                            List<Networks.Request> nics, int cpuWeight, boolean startPaused, boolean defineOnly) {
    public WorkspaceSpec {
        nics = nics == null ? List.of() : List.copyOf(nics);
    }
}
