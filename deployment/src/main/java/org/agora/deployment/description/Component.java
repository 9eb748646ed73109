package org.agora.deployment.description;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One node of the component tree as written: its path, its kind (the name a {@code ComponentKind}
 * answers to, SmartFrog's sfClass), its own attributes (everything but its children, after
 * extension and {@code ${…}} substitution) and its children in the order they were written.
 */
public record Component(ComponentPath path, String kind, Origin origin, Config attributes, List<Component> children) {

    public static final String KIND = "kind";
    public static final String AFTER = "after";

    public Component {
        children = List.copyOf(children);
    }

    /** Where an attribute of this component was written; the component's own line when it has no such attribute. */
    public Origin originOf(String attribute) {
        if (attributes.hasPathOrNull(quoted(attribute))) {
            return Origin.of(attributes.getValue(quoted(attribute)).origin(), origin.file());
        }
        return origin;
    }

    public Optional<ConfigValue> attribute(String name) {
        return attributes.hasPathOrNull(quoted(name)) ? Optional.of(attributes.getValue(quoted(name))) : Optional.empty();
    }

    /** How problems name an attribute: {@code deployment/server.memory}. */
    public String where(String attribute) {
        return path + "." + attribute;
    }

    public Component withAttributes(Config replaced) {
        return new Component(path, kind, origin, replaced, children);
    }

    public Component withChildren(List<Component> replaced) {
        return new Component(path, kind, origin, attributes, replaced);
    }

    /** This component and every one below it, parents before children. */
    public void visit(Consumer<Component> visitor) {
        visitor.accept(this);
        children.forEach(child -> child.visit(visitor));
    }

    /** Attribute names as HOCON paths: quoted, so that a name holding a dot stays one key. */
    public static String quoted(String name) {
        return com.typesafe.config.ConfigUtil.joinPath(name);
    }
}
