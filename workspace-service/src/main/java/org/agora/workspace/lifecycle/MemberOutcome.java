package org.agora.workspace.lifecycle;

import org.agora.workspace.model.WorkspaceState;

/** What a group operation did to one member: the state it is in after, and why not, if it did not move. */
public record MemberOutcome(String workspaceId, WorkspaceState state, String problem) {
}
