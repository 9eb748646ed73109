package org.agora.deployment.components;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.kind.ComponentAttributes;
import org.agora.deployment.kind.ComponentKind;
import org.agora.deployment.kind.ComponentSpec;

/**
 * {@code kind = compound}: holds domains, compounds and installed kinds (not storage, which belongs to
 * a domain) and decides what happens when one dies:
 * {@code on-child-death { default = restart, server = terminate }}.
 */
public final class CompoundKind implements ComponentKind {

    public static final String NAME = "compound";
    static final String ON_CHILD_DEATH = "on-child-death";
    static final String DEFAULT = "default";
    static final String MAX_RESTARTS = "max-restarts";
    static final String SPREAD = "spread";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> attributes() {
        return Set.of(ON_CHILD_DEATH, MAX_RESTARTS, SPREAD);
    }

    @Override
    public boolean acceptsChild(String childKind) {
        return !StorageKind.NAME.equals(childKind);
    }

    @Override
    public ComponentSpec read(ComponentAttributes attributes) {
        Set<String> allowed = new HashSet<>(attributes.childNames());
        allowed.add(DEFAULT);
        Optional<ComponentAttributes> policies = attributes.section(ON_CHILD_DEATH, allowed);
        ChildDeathPolicy fallback = policies
                .map(section -> section.choice(DEFAULT, ChildDeathPolicy.class, ChildDeathPolicy.TERMINATE))
                .orElse(ChildDeathPolicy.TERMINATE);
        Map<String, ChildDeathPolicy> perChild = new LinkedHashMap<>();
        policies.ifPresent(section -> {
            for (String child : attributes.childNames()) {
                if (section.has(child)) {
                    perChild.put(child, section.choice(child, ChildDeathPolicy.class, fallback));
                }
            }
        });
        int maxRestarts = (int) attributes.whole(MAX_RESTARTS, 3, 0);
        boolean spread = attributes.flag(SPREAD, false);
        if (attributes.childNames().isEmpty()) {
            attributes.problem(ProblemCode.MISSING_ATTRIBUTE, "kind", "a compound holds at least one child component");
        }
        return new CompoundSpec(fallback, perChild, maxRestarts, spread);
    }
}
