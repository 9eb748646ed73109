package org.agora.workspace.placement;

import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.WorkspaceRequest;

/**
 * Chooses a node for a workspace. Implementations are stateless; they are called under the
 * service's placement lock, so the loads they see are current.
 */
public interface PlacementPolicy {
    /** The chosen node's name, or empty when no node can hold the request. */
    Optional<String> choose(List<NodeLoad> nodes, WorkspaceRequest request);
}
