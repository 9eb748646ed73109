package org.agora.workspace.placement;

import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.WorkspaceRequest;

/** The first node, in registration order, that fits: packs nodes and leaves others free. */
public final class FirstFitPlacement implements PlacementPolicy {
    @Override
    public Optional<String> choose(List<NodeLoad> nodes, WorkspaceRequest request) {
        return nodes.stream().filter(n -> n.fits(request)).map(NodeLoad::node).findFirst();
    }
}
