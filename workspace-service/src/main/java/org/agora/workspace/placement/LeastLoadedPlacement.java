package org.agora.workspace.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.WorkspaceRequest;

/** The fitting node with the least memory in use: spreads workspaces across nodes. */
public final class LeastLoadedPlacement implements PlacementPolicy {
    @Override
    public Optional<String> choose(List<NodeLoad> nodes, WorkspaceRequest request) {
        return nodes.stream().filter(n -> n.fits(request))
                .min(Comparator.comparingDouble(NodeLoad::memoryLoad)).map(NodeLoad::node);
    }
}
