package org.agora.workspace.model;

import java.time.Instant;

/** One recorded transition of a workspace; {@code from} is null for its creation. */
public record StateChange(WorkspaceState from, WorkspaceState to, Instant at, String cause) {
}
