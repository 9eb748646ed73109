package org.agora.deployment.limits;

import java.util.Map;
import java.util.Optional;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.description.Problems;
import org.agora.deployment.kind.ComponentSpec;

/**
 * Holds every component's quantities against the site's limits, before anything is deployed. Only
 * attributes written in the description are held: a default is the site's own business, and a
 * missing attribute is reported by its kind already.
 */
public final class LimitCheck {

    private final SiteLimits limits;

    public LimitCheck(SiteLimits limits) {
        this.limits = limits;
    }

    public void check(Map<ComponentPath, Component> components, Map<ComponentPath, ComponentSpec> specs, Problems problems) {
        specs.forEach((path, spec) -> {
            Component component = components.get(path);
            spec.quantities().forEach((attribute, value) -> {
                Optional<SiteLimits.Range> range = limits.range(component.kind(), attribute);
                if (component.attribute(attribute).isPresent() && range.isPresent() && !range.get().contains(value)) {
                    problems.add(ProblemCode.OUT_OF_LIMITS, component.originOf(attribute), component.where(attribute),
                            "asks for " + value + (range.get().unit().isEmpty() ? "" : " " + range.get().unit())
                                    + "; this site allows " + range.get());
                }
            });
        });
    }
}
