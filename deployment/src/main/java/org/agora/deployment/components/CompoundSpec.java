package org.agora.deployment.components;

import java.util.Map;
import org.agora.deployment.kind.ComponentSpec;

/**
 * A parent of components: the policy applied when a child dies (per child, else the default), how
 * often a child may be restarted, and whether its domains must be spread over distinct nodes.
 */
public record CompoundSpec(ChildDeathPolicy defaultPolicy, Map<String, ChildDeathPolicy> perChild, int maxRestarts,
                           boolean spread) implements ComponentSpec {

    public CompoundSpec {
        perChild = Map.copyOf(perChild);
    }

    public ChildDeathPolicy policyFor(String child) {
        return perChild.getOrDefault(child, defaultPolicy);
    }
}
