package org.agora.workspace.model;

import java.time.Instant;
import java.util.List;

/**
 * A workspace as the service knows it at one moment: an immutable snapshot of its row.
 *
 * @param owner the creator's grid identity, OpenSSL slash form
 * @param node the node it is placed on, or null before placement
 * @param stateCause why it last changed state, in words
 * @param groupId the group it was created in, or null
 * @param ownerFqans the VOMS attributes the creator's proxy carried, verified, primary first
 * @param lastCpuSeconds CPU time its guest had used when the node last reported it at an end
 *     (destroy, expiry, shutdown); null while it runs or when no node could say
 * @param subscriptionRevision grows each time a subscription to it is made, renewed or ended, so a
 *     list of its subscriptions kept in memory can be checked against the row without a query
 * @param relayedBy the host DN of the trusted compute element that created it for its owner (a
 *     GRAM gatekeeper relaying the owner's signed Create), or null when the owner called directly
 * @param gridJobId the grid job it runs, as its creator named it, or null
 * @param userData the NoCloud user-data its node writes into the guest's seed disk, or null for none
 */
public record Workspace(String id, String owner, String name, String image, String imageSha256, int vcpus,
                        int memoryMiB, int diskMiB, WorkspaceState initialState, WorkspaceState state,
                        String stateCause, String node, Instant createdAt, Instant stateChangedAt,
                        Instant terminationTime, Platform platform, List<Nic> nics, int cpuWeight,
                        ShutdownMechanism shutdown, String groupId, List<String> ownerFqans,
                        Double lastCpuSeconds, long subscriptionRevision, String relayedBy, String gridJobId,
                        String userData) {

    /** A workspace without contextualization. */
    public Workspace(String id, String owner, String name, String image, String imageSha256, int vcpus,
                     int memoryMiB, int diskMiB, WorkspaceState initialState, WorkspaceState state,
                     String stateCause, String node, Instant createdAt, Instant stateChangedAt,
                     Instant terminationTime, Platform platform, List<Nic> nics, int cpuWeight,
                     ShutdownMechanism shutdown, String groupId, List<String> ownerFqans,
                     Double lastCpuSeconds, long subscriptionRevision) {
        this(id, owner, name, image, imageSha256, vcpus, memoryMiB, diskMiB, initialState, state, stateCause, node,
                createdAt, stateChangedAt, terminationTime, platform, nics, cpuWeight, shutdown, groupId, ownerFqans,
                lastCpuSeconds, subscriptionRevision, null, null, null);
    }

    public Workspace {
        nics = nics == null ? List.of() : List.copyOf(nics);
        ownerFqans = ownerFqans == null ? List.of() : List.copyOf(ownerFqans);
        platform = platform == null ? Platform.ANY : platform;
        shutdown = shutdown == null ? ShutdownMechanism.NORMAL : shutdown;
    }
}
