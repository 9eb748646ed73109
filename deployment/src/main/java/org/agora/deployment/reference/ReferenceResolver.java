package org.agora.deployment.reference;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.Description;
import org.agora.deployment.description.Origin;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.description.Problems;
import org.agora.deployment.kind.ComponentKind;
import org.agora.deployment.kind.KindRegistry;

/**
 * Resolves the {@code @{…}} references of a description's text attributes, up and down the tree.
 * A reference to an attribute written in the target's description is static: replaced now, following
 * chains of references, refusing cycles. A reference to one of the target kind's run-time attributes
 * (a domain's address) is late-bound: kept as a {@link LateBinding}, whose ordering the plan checks.
 * Anything else is unresolved. {@code kind} and {@code after} hold no references; lists and nested
 * objects are taken as written.
 */
public final class ReferenceResolver {

    private final KindRegistry kinds;

    public ReferenceResolver(KindRegistry kinds) {
        this.kinds = kinds;
    }

    /** The description with static references replaced, and the late-bound attributes. */
    public record Resolved(Description description, List<LateBinding> lateBindings) {
    }

    public Resolved resolve(Description description, Problems problems) {
        Run run = new Run(description.components(), problems);
        for (Component component : run.components.values()) {
            for (String attribute : component.attributes().root().keySet()) {
                run.attribute(component.path(), attribute, new ArrayList<>());
            }
        }
        return new Resolved(new Description(description.file(), run.rebuilt(description.root())), run.late);
    }

    private sealed interface Outcome permits Settled, Late, Failed {
    }

    private record Settled(ConfigValue value) implements Outcome {
    }

    private record Late() implements Outcome {
    }

    private record Failed() implements Outcome {
    }

    private record Key(ComponentPath path, String attribute) {
        @Override
        public String toString() {
            return path + "." + attribute;
        }
    }

    /** One resolution: the state of every attribute visited, so that each is resolved once. */
    private final class Run {
        private final Map<ComponentPath, Component> components;
        private final Problems problems;
        private final Map<Key, Outcome> done = new HashMap<>();
        private final Map<ComponentPath, Map<String, ConfigValue>> replaced = new LinkedHashMap<>();
        private final List<LateBinding> late = new ArrayList<>();

        Run(Map<ComponentPath, Component> components, Problems problems) {
            this.components = components;
            this.problems = problems;
        }

        Outcome attribute(ComponentPath path, String attribute, List<Key> chain) {
            Key key = new Key(path, attribute);
            Outcome known = done.get(key);
            if (known != null) {
                return known;
            }
            Component component = components.get(path);
            ConfigValue value = component.attribute(attribute).orElseThrow();
            if (attribute.equals(Component.KIND) || attribute.equals(Component.AFTER)
                    || value.valueType() != ConfigValueType.STRING || !Template.mayHoldReferences((String) value.unwrapped())) {
                return settle(key, new Settled(value));
            }
            Origin origin = component.originOf(attribute);
            if (chain.contains(key)) {
                List<Key> circle = new ArrayList<>(chain.subList(chain.indexOf(key), chain.size()));
                circle.add(key);
                problems.add(ProblemCode.CYCLE, origin, key.toString(), "references go round in a circle: "
                        + String.join(" -> ", circle.stream().map(Key::toString).toList()));
                return settle(key, new Failed());
            }
            Template.Parsed parsed = Template.parse((String) value.unwrapped());
            if (parsed.template().isEmpty()) {
                problems.add(ProblemCode.BAD_VALUE, origin, key.toString(), parsed.error().orElseThrow());
                return settle(key, new Failed());
            }
            chain.add(key);
            Outcome outcome = template(key, origin, value, parsed.template().get(), chain);
            chain.remove(chain.size() - 1);
            return settle(key, outcome);
        }

        private Outcome template(Key key, Origin origin, ConfigValue written, Template template, List<Key> chain) {
            List<Template.Part> remaining = new ArrayList<>();
            Map<Template.Reference, ConfigValue> values = new HashMap<>();
            boolean late = false;
            boolean failed = false;
            for (Template.Part part : template.parts()) {
                if (!(part instanceof Template.Reference reference)) {
                    remaining.add(part);
                    continue;
                }
                Outcome target = reference(key, origin, reference, chain);
                if (target instanceof Settled settled) {
                    values.put(reference, settled.value());
                    remaining.add(new Template.Text(render(settled.value())));
                } else if (target instanceof Late) {
                    late = true;
                    remaining.add(reference);
                } else {
                    failed = true;
                }
            }
            if (failed) {
                return new Failed();
            }
            if (late) {
                return late(key, origin, new Template(remaining));
            }
            if (template.isSingleReference()) {
                return new Settled(values.values().iterator().next().withOrigin(written.origin()));
            }
            StringBuilder text = new StringBuilder();
            remaining.forEach(part -> text.append(((Template.Text) part).text()));
            return new Settled(ConfigValueFactory.fromAnyRef(text.toString()).withOrigin(written.origin()));
        }

        private Outcome reference(Key key, Origin origin, Template.Reference reference, List<Key> chain) {
            Optional<ComponentPath> targetPath = key.path().walk(reference.steps());
            Component target = targetPath.map(components::get).orElse(null);
            if (target == null) {
                problems.add(ProblemCode.UNRESOLVED_REFERENCE, origin, key.toString(), reference + " leads to "
                        + targetPath.map(path -> "no component: there is no " + path).orElse("above the root"));
                return new Failed();
            }
            if (target.attribute(reference.attribute()).isPresent()) {
                Outcome outcome = attribute(target.path(), reference.attribute(), chain);
                if (outcome instanceof Late) {
                    problems.add(ProblemCode.UNRESOLVED_REFERENCE, origin, key.toString(), reference + " refers to "
                            + target.path() + "." + reference.attribute()
                            + ", which is itself known only at run time; refer to what it refers to");
                    return new Failed();
                }
                if (outcome instanceof Settled settled && !splicable(settled.value())) {
                    problems.add(ProblemCode.BAD_VALUE, origin, key.toString(), reference
                            + " is an object or a list; only text, numbers and booleans can be referenced with @{…} (use ${…} for the rest)");
                    return new Failed();
                }
                return outcome;
            }
            Set<String> runTime = kinds.find(target.kind()).map(ComponentKind::runTimeAttributes).orElse(Set.of());
            if (runTime.contains(reference.attribute())) {
                return new Late();
            }
            problems.add(ProblemCode.UNRESOLVED_REFERENCE, origin, key.toString(), reference + ": " + target.path()
                    + " has no attribute '" + reference.attribute() + "'"
                    + (runTime.isEmpty() ? "" : "; known at run time: " + String.join(", ", runTime.stream().sorted().toList())));
            return new Failed();
        }

        private Outcome settle(Key key, Outcome outcome) {
            done.put(key, outcome);
            if (outcome instanceof Settled settled) {
                replaced.computeIfAbsent(key.path(), p -> new LinkedHashMap<>()).put(key.attribute(), settled.value());
            }
            return outcome;
        }

        private Outcome late(Key key, Origin origin, Template template) {
            Component component = components.get(key.path());
            Set<String> allowed = kinds.find(component.kind()).map(ComponentKind::lateBoundAttributes).orElse(Set.of());
            if (!allowed.contains(key.attribute())) {
                problems.add(ProblemCode.BAD_VALUE, origin, key.toString(), "holds a reference known only at run time; "
                        + (allowed.isEmpty() ? "a " + component.kind() + " takes none"
                                : "a " + component.kind() + " takes them only in " + String.join(", ", allowed.stream().sorted().toList())));
                return new Failed();
            }
            late.add(new LateBinding(key.path(), key.attribute(), origin, template));
            return new Late();
        }

        Component rebuilt(Component component) {
            Config attributes = component.attributes();
            for (Map.Entry<String, ConfigValue> entry : replaced.getOrDefault(component.path(), Map.of()).entrySet()) {
                attributes = attributes.withValue(Component.quoted(entry.getKey()), entry.getValue());
            }
            return component.withAttributes(attributes).withChildren(component.children().stream().map(this::rebuilt).toList());
        }
    }

    private static boolean splicable(ConfigValue value) {
        return value.valueType() != ConfigValueType.OBJECT && value.valueType() != ConfigValueType.LIST;
    }

    private static String render(ConfigValue value) {
        return String.valueOf(value.unwrapped());
    }
}
