package org.agora.deployment.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.deployment.components.ChildDeathPolicy;
import org.agora.deployment.components.CompoundSpec;
import org.agora.deployment.components.DomainSpec;
import org.agora.deployment.components.StorageSpec;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.DescriptionException;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.description.Problems;
import org.agora.deployment.kind.ComponentSpec;
import org.agora.deployment.reference.LateBinding;

/**
 * Turns a checked component tree into a plan: the order of creation, and for every late-bound
 * reference the proof that its target is Ready before the referrer is created (else the description
 * is refused: the value could not be known in time).
 */
public final class Planner {

    public DeploymentPlan plan(String file, Map<ComponentPath, Component> components, Map<ComponentPath, ComponentSpec> specs,
                               List<LateBinding> lateBindings, Problems problems) throws DescriptionException {
        Ordering ordering = new Ordering(components, problems);
        for (LateBinding binding : lateBindings) {
            for (ComponentPath target : binding.targets()) {
                if (!ordering.readyBefore(target, binding.referrer())) {
                    problems.add(ProblemCode.NOT_ORDERED, binding.origin(), binding.referrer() + "." + binding.attribute(),
                            "refers to " + target + " at run time, but is not ordered after it: add after = [\""
                                    + relative(binding.referrer(), target) + "\"] to " + binding.referrer()
                                    + " or to a compound holding it");
                }
            }
        }
        Optional<List<ComponentPath>> order = ordering.order(problems);
        problems.throwIfAny();
        List<PlannedComponent> planned = new ArrayList<>();
        List<MemberRequest> members = new ArrayList<>();
        for (ComponentPath path : order.orElseThrow()) {
            List<LateBinding> late = lateBindings.stream().filter(binding -> binding.referrer().equals(path)).toList();
            Set<ComponentPath> waits = ordering.waitsFor(path);
            planned.add(new PlannedComponent(path, components.get(path).kind(), specs.get(path), waits, late));
            if (specs.get(path) instanceof DomainSpec domain) {
                members.add(member(path, domain, components, specs, waits, late));
            }
        }
        return new DeploymentPlan(file, planned, members);
    }

    private static MemberRequest member(ComponentPath path, DomainSpec domain, Map<ComponentPath, Component> components,
                                        Map<ComponentPath, ComponentSpec> specs, Set<ComponentPath> waits,
                                        List<LateBinding> late) {
        Optional<StorageSpec> storage = components.get(path).children().stream()
                .map(child -> specs.get(child.path()))
                .filter(StorageSpec.class::isInstance).map(StorageSpec.class::cast).findFirst();
        Set<ComponentPath> domainsWaited = new LinkedHashSet<>();
        for (ComponentPath waited : waits) {
            specs.forEach((candidate, spec) -> {
                if (waited.contains(candidate) && spec instanceof DomainSpec) {
                    domainsWaited.add(candidate);
                }
            });
        }
        Optional<ComponentPath> spreadGroup = Optional.empty();
        for (Optional<ComponentPath> at = path.parent(); at.isPresent() && spreadGroup.isEmpty(); at = at.get().parent()) {
            if (specs.get(at.get()) instanceof CompoundSpec compound && compound.spread()) {
                spreadGroup = at;
            }
        }
        ChildDeathPolicy onDeath = ChildDeathPolicy.TERMINATE;
        int maxRestarts = 0;
        Optional<ComponentPath> parent = path.parent();
        if (parent.isPresent() && specs.get(parent.get()) instanceof CompoundSpec compound) {
            onDeath = compound.policyFor(path.name());
            maxRestarts = compound.maxRestarts();
        }
        Optional<LateBinding> userData = late.stream().filter(binding -> binding.attribute().equals("user-data")).findFirst();
        return new MemberRequest(path, domain, storage, domainsWaited, spreadGroup, onDeath, maxRestarts, userData);
    }

    /** The shortest path from {@code from} to {@code to}, as a user would write it in {@code after}. */
    static String relative(ComponentPath from, ComponentPath to) {
        List<String> a = from.names();
        List<String> b = to.names();
        int common = 0;
        while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) {
            common++;
        }
        List<String> steps = new ArrayList<>();
        for (int i = common; i < a.size(); i++) {
            steps.add("..");
        }
        steps.addAll(b.subList(common, b.size()));
        return String.join("/", steps);
    }
}
