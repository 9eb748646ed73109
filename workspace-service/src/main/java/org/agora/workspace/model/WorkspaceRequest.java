package org.agora.workspace.model;

import java.time.Duration;

/**
 * What a user asks for when creating a workspace, already translated from the wire but not yet
 * checked against the site's limits: {@link RequestLimits#check} does that.
 *
 * @param name a person's name for the workspace (defaults to the image name)
 * @param image an image name in the site's repository, or a file/http/https URI
 * @param imageSha256 the expected SHA-256 of the image, hex, or null
 * @param diskMiB the root disk size; 0 means the site's default
 * @param initialState RUNNING, PAUSED or PROPAGATED
 */
public record WorkspaceRequest(String name, String image, String imageSha256, int vcpus, int memoryMiB,
                               int diskMiB, Duration duration, WorkspaceState initialState) {
}
