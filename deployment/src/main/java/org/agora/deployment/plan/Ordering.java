package org.agora.deployment.plan;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.description.Problems;

/**
 * The order of creation. {@code after = [../server]} makes a component (and everything below it) wait
 * until the named component, and everything below that, is Ready. Parents come before their children;
 * among components free to go, the one written first goes first. Orderings that go round in a
 * circle (including a component after its own parent or child) are refused.
 */
final class Ordering {

    private final Map<ComponentPath, Component> components;
    private final Map<ComponentPath, Set<ComponentPath>> after = new LinkedHashMap<>();

    Ordering(Map<ComponentPath, Component> components, Problems problems) {
        this.components = components;
        components.values().forEach(component -> after.put(component.path(), targets(component, problems)));
    }

    /** What a component waits for: the {@code after} targets of itself and of every ancestor. */
    Set<ComponentPath> waitsFor(ComponentPath path) {
        Set<ComponentPath> waits = new LinkedHashSet<>();
        for (Optional<ComponentPath> at = Optional.of(path); at.isPresent(); at = at.get().parent()) {
            waits.addAll(after.getOrDefault(at.get(), Set.of()));
        }
        return waits;
    }

    /** True when {@code target} is Ready before {@code path} is created. */
    boolean readyBefore(ComponentPath target, ComponentPath path) {
        return waitsFor(path).stream().anyMatch(waited -> waited.contains(target));
    }

    /** Every component in creation order, or empty after reporting a cycle. */
    Optional<List<ComponentPath>> order(Problems problems) {
        List<ComponentPath> written = new ArrayList<>(components.keySet());
        Map<ComponentPath, Set<ComponentPath>> next = new HashMap<>();
        Map<ComponentPath, Integer> waiting = new HashMap<>();
        written.forEach(path -> {
            next.put(path, new LinkedHashSet<>());
            waiting.put(path, 0);
        });
        for (ComponentPath path : written) {
            path.parent().ifPresent(parent -> edge(next, waiting, parent, path));
            for (ComponentPath target : after.get(path)) {
                written.stream().filter(target::contains).forEach(below -> edge(next, waiting, below, path));
            }
        }
        PriorityQueue<ComponentPath> free = new PriorityQueue<>((a, b) -> written.indexOf(a) - written.indexOf(b));
        written.stream().filter(path -> waiting.get(path) == 0).forEach(free::add);
        List<ComponentPath> order = new ArrayList<>();
        while (!free.isEmpty()) {
            ComponentPath path = free.poll();
            order.add(path);
            for (ComponentPath successor : next.get(path)) {
                if (waiting.merge(successor, -1, Integer::sum) == 0) {
                    free.add(successor);
                }
            }
        }
        if (order.size() == written.size()) {
            return Optional.of(order);
        }
        List<ComponentPath> circle = circle(next, waiting);
        Component first = components.get(circle.get(0));
        problems.add(ProblemCode.CYCLE, first.originOf(Component.AFTER), first.where(Component.AFTER),
                "the order of creation goes round in a circle: "
                        + String.join(" -> ", circle.stream().map(ComponentPath::toString).toList())
                        + " (a component after its own parent or child counts too)");
        return Optional.empty();
    }

    private static void edge(Map<ComponentPath, Set<ComponentPath>> next, Map<ComponentPath, Integer> waiting,
                             ComponentPath from, ComponentPath to) {
        if (next.get(from).add(to)) {
            waiting.merge(to, 1, Integer::sum);
        }
    }

    /** A circle among the components still waiting: walk predecessors until one repeats. */
    private static List<ComponentPath> circle(Map<ComponentPath, Set<ComponentPath>> next, Map<ComponentPath, Integer> waiting) {
        Map<ComponentPath, ComponentPath> predecessor = new HashMap<>();
        next.forEach((from, tos) -> tos.forEach(to -> {
            if (waiting.get(from) > 0 && waiting.get(to) > 0) {
                predecessor.putIfAbsent(to, from);
            }
        }));
        ComponentPath at = predecessor.keySet().iterator().next();
        List<ComponentPath> walked = new ArrayList<>();
        while (!walked.contains(at)) {
            walked.add(at);
            at = predecessor.get(at);
        }
        List<ComponentPath> circle = new ArrayList<>(walked.subList(walked.indexOf(at), walked.size()));
        java.util.Collections.reverse(circle);
        circle.add(circle.get(0));
        return circle;
    }

    private Set<ComponentPath> targets(Component component, Problems problems) {
        Set<ComponentPath> targets = new LinkedHashSet<>();
        Optional<ConfigValue> value = component.attribute(Component.AFTER);
        if (value.isEmpty()) {
            return targets;
        }
        List<Object> written = value.get().valueType() == ConfigValueType.LIST
                ? new ArrayList<>((List<?>) value.get().unwrapped()) : List.of(value.get().unwrapped());
        for (Object entry : written) {
            if (!(entry instanceof String text) || text.isBlank()) {
                problems.add(ProblemCode.BAD_VALUE, component.originOf(Component.AFTER), component.where(Component.AFTER),
                        "a component path such as ../server (or a list of them) is expected, not '" + entry + "'");
                continue;
            }
            Optional<ComponentPath> target = component.path().walk(Arrays.asList(text.trim().split("/", -1)));
            if (target.isEmpty() || !components.containsKey(target.get())) {
                problems.add(ProblemCode.UNRESOLVED_REFERENCE, component.originOf(Component.AFTER),
                        component.where(Component.AFTER), "'" + text + "' leads to "
                                + target.map(path -> "no component: there is no " + path).orElse("above the root"));
            } else {
                targets.add(target.get());
            }
        }
        return targets;
    }
}
