package org.agora.workspace.placement;

import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.WorkspaceRequest;

/**
 * Chooses a node for a workspace. Implementations are stateless. The loads they see were read just
 * before and may be overtaken by a concurrent placement; the database checks the choice when the
 * workspace is stored, and a choice overtaken is made again on fresh loads.
 */
public interface PlacementPolicy {
    /** The chosen node's name, or empty when no node can hold the request. */
    Optional<String> choose(List<NodeLoad> nodes, WorkspaceRequest request);
}
