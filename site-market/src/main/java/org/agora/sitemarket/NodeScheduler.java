package org.agora.sitemarket;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This site's worker nodes as the market needs them: which there are, what each offers (listed in
 * the SLS), and the call that gives the workspaces on a node their CPU weights. The server
 * implements it over its node client; nothing here knows how a node is reached.
 */
public interface NodeScheduler {
    /** What a node offers, as it reported it. */
    record Capacity(String hypervisor, String arch, int vcpus, long memoryMiB) {
    }

    /** The names of this site's nodes. */
    List<String> names();

    /** What the node offers; empty while it cannot be reached. */
    Optional<Capacity> capacity(String node);

    /**
     * Sets the workspaces' scheduler weights on {@code node} and, when {@code capsPercent} names them,
     * their hard caps (percent of one CPU).
     *
     * @return the weight applied per workspace; a workspace the node cannot weigh yet (its domain not
     *         defined) is left out
     * @throws NodeUnreachableException when the call did not reach the node or the node failed it
     */
    Map<String, Integer> setCpuWeights(String node, Map<String, Integer> weights, Map<String, Integer> capsPercent)
            throws NodeUnreachableException;
}
