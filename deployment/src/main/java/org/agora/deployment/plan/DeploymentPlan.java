package org.agora.deployment.plan;

import java.util.List;
import java.util.Optional;
import org.agora.deployment.description.ComponentPath;

/**
 * An accepted description, ready to deploy: every component in creation order (parents first, and
 * each after what it must wait for), and the domains among them as requests for the workspace service.
 */
public record DeploymentPlan(String file, List<PlannedComponent> components, List<MemberRequest> members) {

    public DeploymentPlan {
        components = List.copyOf(components);
        members = List.copyOf(members);
    }

    public Optional<PlannedComponent> component(ComponentPath path) {
        return components.stream().filter(component -> component.path().equals(path)).findFirst();
    }

    public Optional<MemberRequest> member(ComponentPath path) {
        return members.stream().filter(member -> member.path().equals(path)).findFirst();
    }
}
