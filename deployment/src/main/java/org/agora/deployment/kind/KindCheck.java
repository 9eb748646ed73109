package org.agora.deployment.kind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.Description;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.description.Problems;

/**
 * Maps every component to its kind and lets the kind read it: unknown kinds, attributes the kind does
 * not know, children it cannot hold and bad values all become problems, every one of them reported.
 */
public final class KindCheck {

    private final KindRegistry kinds;

    public KindCheck(KindRegistry kinds) {
        this.kinds = kinds;
    }

    /** The spec of every component whose kind is known, by path, parents first. */
    public Map<ComponentPath, ComponentSpec> read(Description description, Problems problems) {
        Map<ComponentPath, ComponentSpec> specs = new LinkedHashMap<>();
        description.root().visit(component -> kindOf(component, problems).ifPresent(kind -> {
            checkAttributes(component, kind, problems);
            checkChildren(component, kind, problems);
            specs.put(component.path(), kind.read(new ComponentAttributes(component, problems)));
        }));
        return specs;
    }

    /** The kind of a component, or empty (with a problem reported) when none is installed under its name. */
    public Optional<ComponentKind> kindOf(Component component, Problems problems) {
        if (component.kind().isEmpty()) {
            return Optional.empty(); // the parser reported it
        }
        Optional<ComponentKind> kind = kinds.find(component.kind());
        if (kind.isEmpty()) {
            problems.add(ProblemCode.UNKNOWN_KIND, component.originOf(Component.KIND), component.where(Component.KIND),
                    "no kind '" + component.kind() + "' is installed; installed: " + kinds.names());
        }
        return kind;
    }

    private static void checkAttributes(Component component, ComponentKind kind, Problems problems) {
        Set<String> known = new TreeSet<>(kind.attributes());
        known.add(Component.KIND);
        known.add(Component.AFTER);
        for (String name : component.attributes().root().keySet()) {
            if (!known.contains(name)) {
                problems.add(ProblemCode.UNKNOWN_ATTRIBUTE, component.originOf(name), component.where(name),
                        "a " + kind.name() + " has no such attribute; known: " + String.join(", ", known));
            }
        }
    }

    private static void checkChildren(Component component, ComponentKind kind, Problems problems) {
        for (Component child : component.children()) {
            if (!child.kind().isEmpty() && !kind.acceptsChild(child.kind())) {
                problems.add(ProblemCode.CHILD_NOT_ALLOWED, child.origin(), child.path().toString(),
                        "a " + kind.name() + " cannot hold a " + child.kind()
                                + (child.kind().equals("storage") ? " (a storage belongs to a domain)" : ""));
            }
        }
    }
}
