package org.agora.workspace.node;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.WorkspaceState;

/**
 * What a node's liveness monitor reported since the caller last asked: the events, the last
 * sequence number to ask after next time, and the adapter run (epoch) they belong to.
 */
public record DomainEvents(String epoch, long lastSequence, List<Event> events) {

    /**
     * One domain change. {@code observed} is the workspace state the domain amounts to, empty when
     * the domain is gone from libvirt; {@code cause} is the adapter's account of what happened.
     */
    public record Event(long sequence, Instant time, String workspaceId, Optional<WorkspaceState> observed,
                        String cause) {
    }
}
