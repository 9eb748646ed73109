package org.agora.deployment.description;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A component's place in the tree, from the root ({@code deployment}) down, written with slashes:
 * {@code deployment/workers/worker-1}. Relative paths, as users write them in references and in
 * {@code after}, start from the component that holds the attribute: {@code ..} is its parent,
 * a name is a child; a leading {@code /} starts from the root.
 */
public record ComponentPath(List<String> names) {

    public static final String ROOT = "deployment";

    public ComponentPath {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a component path names at least the root");
        }
    }

    public static ComponentPath root() {
        return new ComponentPath(List.of(ROOT));
    }

    public ComponentPath child(String name) {
        List<String> longer = new ArrayList<>(names);
        longer.add(name);
        return new ComponentPath(longer);
    }

    public Optional<ComponentPath> parent() {
        return names.size() == 1 ? Optional.empty() : Optional.of(new ComponentPath(names.subList(0, names.size() - 1)));
    }

    public String name() {
        return names.get(names.size() - 1);
    }

    /** True for this path itself and every path below it. */
    public boolean contains(ComponentPath other) {
        return other.names.size() >= names.size() && other.names.subList(0, names.size()).equals(names);
    }

    /**
     * The path that {@code steps} (already split on slashes; empty first step for a leading slash) lead
     * to from here, or empty when they climb above the root. Whether a component lives there is the
     * caller's question.
     */
    public Optional<ComponentPath> walk(List<String> steps) {
        List<String> at = new ArrayList<>(names);
        int first = 0;
        if (!steps.isEmpty() && steps.get(0).isEmpty()) {
            at = new ArrayList<>(List.of(ROOT));
            first = 1;
        }
        for (String step : steps.subList(first, steps.size())) {
            if (step.equals("..")) {
                if (at.size() == 1) {
                    return Optional.empty();
                }
                at.remove(at.size() - 1);
            } else if (!step.equals(".") && !step.isEmpty()) {
                at.add(step);
            }
        }
        return Optional.of(new ComponentPath(at));
    }

    @Override
    public String toString() {
        return String.join("/", names);
    }
}
