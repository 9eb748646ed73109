package org.agora.workspace.model;

import java.time.Duration;
import java.util.List;

/**
 * What a user asks for when creating a workspace, already translated from the wire but not yet
 * checked against the site's limits: {@link RequestLimits#check} does that.
 *
 * @param name a person's name for the workspace (defaults to the image name)
 * @param image an image name in the site's repository, or a file/http/https URI
 * @param imageSha256 the expected SHA-256 of the image, hex, or null
 * @param diskMiB the root disk size; 0 means the site's default
 * @param initialState RUNNING, PAUSED or PROPAGATED
 * @param platform hypervisor, architecture, kernel; null means {@link Platform#ANY}
 * @param nics network interfaces; empty means one on the site's default network
 * @param cpuWeight relative CPU weight (1..65535); 0 means the default, 256
 * @param shutdown what happens at the termination time; null means NORMAL
 * @param bid a market bid for the workspace's CPU share, or null for a fixed allocation
 * @param userData NoCloud user-data for the guest's seed disk, or null for no seed
 * @param gridJobId the grid job the workspace runs (e.g. a GRAM job contact), or null
 */
public record WorkspaceRequest(String name, String image, String imageSha256, int vcpus, int memoryMiB,
                               int diskMiB, Duration duration, WorkspaceState initialState, Platform platform,
                               List<Nic> nics, int cpuWeight, ShutdownMechanism shutdown, Bid bid, String userData,
                               String gridJobId) {

    /**
     * Credits to hold for the workspace's CPU share over its lifetime, on {@code host} if named
     * (else the cheapest node that fits).
     */
    public record Bid(java.math.BigDecimal amount, String host) {
    }

    /** A request without contextualization. */
    public WorkspaceRequest(String name, String image, String imageSha256, int vcpus, int memoryMiB, int diskMiB,
                            Duration duration, WorkspaceState initialState, Platform platform, List<Nic> nics,
                            int cpuWeight, ShutdownMechanism shutdown, Bid bid) {
        this(name, image, imageSha256, vcpus, memoryMiB, diskMiB, duration, initialState, platform, nics, cpuWeight,
                shutdown, bid, null, null);
    }

    public WorkspaceRequest(String name, String image, String imageSha256, int vcpus, int memoryMiB, int diskMiB,
                            Duration duration, WorkspaceState initialState, Platform platform, List<Nic> nics,
                            int cpuWeight, ShutdownMechanism shutdown) {
        this(name, image, imageSha256, vcpus, memoryMiB, diskMiB, duration, initialState, platform, nics, cpuWeight,
                shutdown, null);
    }

    public WorkspaceRequest {
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /** A request with the default platform, network, CPU weight and shutdown. */
    public WorkspaceRequest(String name, String image, String imageSha256, int vcpus, int memoryMiB, int diskMiB,
                            Duration duration, WorkspaceState initialState) {
        this(name, image, imageSha256, vcpus, memoryMiB, diskMiB, duration, initialState, null, List.of(), 0, null);
    }
}
