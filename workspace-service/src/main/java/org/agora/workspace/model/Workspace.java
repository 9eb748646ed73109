package org.agora.workspace.model;

import java.time.Instant;

/**
 * A workspace as the service knows it at one moment: an immutable snapshot of its row.
 *
 * @param owner the creator's grid identity, OpenSSL slash form
 * @param node the node it is placed on, or null before placement
 * @param stateCause why it last changed state, in words
 */
public record Workspace(String id, String owner, String name, String image, String imageSha256, int vcpus,
                        int memoryMiB, int diskMiB, WorkspaceState initialState, WorkspaceState state,
                        String stateCause, String node, Instant createdAt, Instant stateChangedAt,
                        Instant terminationTime) {
}
