package org.agora.deployment.description;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A parsed description: the file it came from and its component tree, rooted at {@code deployment}. */
public record Description(String file, Component root) {

    /** Every component by path, parents before children, in the order written. */
    public Map<ComponentPath, Component> components() {
        Map<ComponentPath, Component> all = new LinkedHashMap<>();
        root.visit(component -> all.put(component.path(), component));
        return all;
    }

    public Optional<Component> find(ComponentPath path) {
        return Optional.ofNullable(components().get(path));
    }
}
