package org.agora.deployment;

import java.nio.file.Path;
import java.util.Map;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.Description;
import org.agora.deployment.description.DescriptionException;
import org.agora.deployment.description.DescriptionParser;
import org.agora.deployment.description.Problems;
import org.agora.deployment.kind.ComponentSpec;
import org.agora.deployment.kind.KindCheck;
import org.agora.deployment.kind.KindRegistry;
import org.agora.deployment.limits.LimitCheck;
import org.agora.deployment.limits.SiteLimits;
import org.agora.deployment.plan.DeploymentPlan;
import org.agora.deployment.plan.Planner;
import org.agora.deployment.reference.ReferenceResolver;

/**
 * From a description to a deployment plan, or to every problem found, before anything is deployed:
 * parse (HOCON: substitutions, extension), resolve {@code @{…}} references, let each kind read its
 * components, hold them against the site's limits, order the creation.
 */
public final class Descriptions {

    private final KindRegistry kinds;
    private final SiteLimits limits;

    public Descriptions(KindRegistry kinds, SiteLimits limits) {
        this.kinds = kinds;
        this.limits = limits;
    }

    public DeploymentPlan plan(Path file) throws DescriptionException {
        return plan(new DescriptionParser().parse(file));
    }

    /** {@code name} is what problems call the file. */
    public DeploymentPlan plan(String name, String text) throws DescriptionException {
        return plan(new DescriptionParser().parse(name, text));
    }

    private DeploymentPlan plan(Description parsed) throws DescriptionException {
        Problems problems = new Problems();
        ReferenceResolver.Resolved resolved = new ReferenceResolver(kinds).resolve(parsed, problems);
        Map<ComponentPath, Component> components = resolved.description().components();
        Map<ComponentPath, ComponentSpec> specs = new KindCheck(kinds).read(resolved.description(), problems);
        new LimitCheck(limits).check(components, specs, problems);
        return new Planner().plan(parsed.file(), components, specs, resolved.lateBindings(), problems);
    }
}
