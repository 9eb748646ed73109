package org.agora.deployment.plan;

import java.util.List;
import java.util.Set;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.kind.ComponentSpec;
import org.agora.deployment.reference.LateBinding;

/**
 * One component as the deployment creates it: its kind and spec, the components that must be Ready
 * first (its own and its ancestors' {@code after}), and its attributes still waiting for run-time values.
 */
public record PlannedComponent(ComponentPath path, String kind, ComponentSpec spec, Set<ComponentPath> waitsFor,
                               List<LateBinding> lateBindings) {

    public PlannedComponent {
        waitsFor = Set.copyOf(waitsFor);
        lateBindings = List.copyOf(lateBindings);
    }
}
