package org.agora.adapter.service;

import java.util.List;
import org.agora.adapter.storage.NoCloudSeed;

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
 * @param name the workspace's name, which the NoCloud seed turns into the guest's host name; may be null
 * @param userData NoCloud user-data for a seed disk, or null for none
 */
public record WorkspaceSpec(String workspaceId, String owner, String image, String imageSha256, int vcpus,
                            int memoryMiB, int diskMiB, String arch, String kernel, String initrd, String kernelArgs,
                            List<Networks.Request> nics, int cpuWeight, boolean startPaused, boolean defineOnly,
                            String name, String userData) {
    public WorkspaceSpec {
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /** A spec without a seed. */
    public WorkspaceSpec(String workspaceId, String owner, String image, String imageSha256, int vcpus,
                         int memoryMiB, int diskMiB, String arch, String kernel, String initrd, String kernelArgs,
                         List<Networks.Request> nics, int cpuWeight, boolean startPaused, boolean defineOnly) {
        this(workspaceId, owner, image, imageSha256, vcpus, memoryMiB, diskMiB, arch, kernel, initrd, kernelArgs, nics,
                cpuWeight, startPaused, defineOnly, null, null);
    }

    /**
     * Checks the sizes a domain needs and returns the workspace's NoCloud seed (null when it has no
     * user-data); a refusal names the request field as the node contract does.
     */
    NoCloudSeed checked() throws NodeServiceException {
        if (vcpus < 1) {
            throw invalid("Spec/Vcpus is " + vcpus + "; a domain needs at least 1 virtual CPU");
        }
        if (memoryMiB < 1) {
            throw invalid("Spec/MemoryMiB is " + memoryMiB + "; a domain needs memory");
        }
        if (diskMiB < 1) {
            throw invalid("Spec/DiskMiB is " + diskMiB + "; a domain needs a root disk");
        }
        try {
            return NoCloudSeed.of(workspaceId, name, userData);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static NodeServiceException invalid(String message) {
        return new NodeServiceException(NodeServiceException.Kind.INVALID_REQUEST, message);
    }
}
