package org.agora.workspace.lifecycle;

import java.time.Instant;
import java.util.List;
import org.agora.workspace.model.Workspace;

/** A group and its members as they are now. */
public record Group(String id, String owner, List<Workspace> members) {
    /** The latest termination time among the members. */
    public Instant terminationTime() {
        return members.stream().map(Workspace::terminationTime).max(Instant::compareTo).orElse(Instant.EPOCH);
    }
}
