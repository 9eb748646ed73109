package org.agora.deploy.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.sitemarket.NodeScheduler;
import org.agora.sitemarket.NodeUnreachableException;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;

/** The site's nodes as the market's housekeeping reaches them: through the workspace service's node gateway. */
final class NodeGatewayScheduler implements NodeScheduler {
    private final NodeGateway nodes;

    NodeGatewayScheduler(NodeGateway nodes) {
        this.nodes = nodes;
    }

    @Override
    public List<String> names() {
        return nodes.names();
    }

    @Override
    public Optional<Capacity> capacity(String node) {
        return nodes.capacity(node).map(c -> new Capacity(c.hypervisor(), c.arch(), c.vcpus(), c.memoryMiB()));
    }

    @Override
    public Map<String, Integer> setCpuWeights(String node, Map<String, Integer> weights,
                                              Map<String, Integer> capsPercent) throws NodeUnreachableException {
        try {
            return nodes.setCpuWeights(node, weights, capsPercent);
        } catch (NodeUnavailableException e) {
            throw new NodeUnreachableException(e.getMessage(), e);
        }
    }
}
