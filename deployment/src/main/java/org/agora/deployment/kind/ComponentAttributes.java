package org.agora.deployment.kind;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.agora.deployment.description.Component;
import org.agora.deployment.description.Origin;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.description.Problems;

/**
 * A component's attributes as a kind reads them: typed getters that, instead of throwing, report a
 * problem naming the file, line and attribute and return the default, so that one reading finds
 * every mistake. Sizes are HOCON sizes with their unit ({@code 512M}, {@code 2G}; a bare number is
 * refused, since HOCON would read it as bytes where a user most often means MiB) returned in MiB; choices are enum constants written in lower case with dashes ({@code terminate-all}).
 */
public final class ComponentAttributes {

    private final Component component;
    private final Config config;
    private final String prefix;
    private final Origin here;
    private final Problems problems;

    public ComponentAttributes(Component component, Problems problems) {
        this(component, component.attributes(), "", component.origin(), problems);
    }

    private ComponentAttributes(Component component, Config config, String prefix, Origin here, Problems problems) {
        this.component = component;
        this.config = config;
        this.prefix = prefix;
        this.here = here;
        this.problems = problems;
    }

    public Component component() {
        return component;
    }

    /** The names of the component's children, in the order written. */
    public List<String> childNames() {
        return component.children().stream().map(child -> child.path().name()).toList();
    }

    public boolean has(String key) {
        return config.hasPathOrNull(Component.quoted(key));
    }

    /** The attribute names present at this level (a section's keys, for a section). */
    public Set<String> keys() {
        return new TreeSet<>(config.root().keySet());
    }

    public String text(String key) {
        if (!has(key)) {
            problem(ProblemCode.MISSING_ATTRIBUTE, key, "required");
            return "";
        }
        return text(key, "");
    }

    public String text(String key, String fallback) {
        return optionalText(key).orElse(fallback);
    }

    public Optional<String> optionalText(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        ConfigValue value = value(key);
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                || value.valueType() == ConfigValueType.NULL) {
            problem(ProblemCode.BAD_VALUE, key, "a text is expected, not a " + typeOf(value));
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value.unwrapped()));
    }

    /** A whole number of at least {@code least}. */
    public long whole(String key, long fallback, long least) {
        if (!has(key)) {
            return fallback;
        }
        try {
            long number = config.getLong(Component.quoted(key));
            if (number < least) {
                problem(ProblemCode.BAD_VALUE, key, "is " + number + "; at least " + least + " is expected");
                return fallback;
            }
            return number;
        } catch (ConfigException.WrongType e) {
            problem(ProblemCode.BAD_VALUE, key, "a whole number is expected, not '" + shortText(key) + "'");
            return fallback;
        }
    }

    /** A size in MiB (rounded up); {@code fallback} is in MiB too. */
    public long mebibytes(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        if (value(key).valueType() == ConfigValueType.NUMBER) {
            problem(ProblemCode.BAD_VALUE, key, "a size needs its unit: " + shortText(key) + "M or "
                    + shortText(key) + "G, say, not a bare " + shortText(key));
            return fallback;
        }
        try {
            long bytes = config.getBytes(Component.quoted(key));
            return (bytes + (1L << 20) - 1) >> 20;
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            problem(ProblemCode.BAD_VALUE, key, "a size such as 512M or 2G is expected, not '" + shortText(key) + "'");
            return fallback;
        }
    }

    public boolean flag(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            return config.getBoolean(Component.quoted(key));
        } catch (ConfigException.WrongType e) {
            problem(ProblemCode.BAD_VALUE, key, "true or false is expected, not '" + shortText(key) + "'");
            return fallback;
        }
    }

    public <E extends Enum<E>> E choice(String key, Class<E> choices, E fallback) {
        return optionalText(key).map(text -> choice(key, text, choices, fallback)).orElse(fallback);
    }

    /** Reads {@code text} (found under {@code key}) as one of {@code choices}. */
    public <E extends Enum<E>> E choice(String key, String text, Class<E> choices, E fallback) {
        for (E constant : choices.getEnumConstants()) {
            if (written(constant).equals(text)) {
                return constant;
            }
        }
        problem(ProblemCode.BAD_VALUE, key, "is '" + shorten(text) + "'; one of "
                + String.join(", ", Arrays.stream(choices.getEnumConstants()).map(ComponentAttributes::written).toList())
                + " is expected");
        return fallback;
    }

    /** How a user writes an enum constant: {@code TERMINATE_ALL} as {@code terminate-all}. */
    public static String written(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A nested object ({@code readiness { probe = tcp, port = 22 }}), read with the same getters;
     * keys outside {@code allowed} are refused as typos.
     */
    public Optional<ComponentAttributes> section(String key, Set<String> allowed) {
        if (!has(key)) {
            return Optional.empty();
        }
        if (value(key).valueType() != ConfigValueType.OBJECT) {
            problem(ProblemCode.BAD_VALUE, key, "an object { … } is expected, not a " + typeOf(value(key)));
            return Optional.empty();
        }
        ComponentAttributes section = new ComponentAttributes(component, config.getConfig(Component.quoted(key)),
                prefix + key + ".", Origin.of(value(key).origin(), component.origin().file()), problems);
        for (String inner : section.keys()) {
            if (!allowed.contains(inner)) {
                section.problem(ProblemCode.UNKNOWN_ATTRIBUTE, inner, "unknown here; known: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return Optional.of(section);
    }

    /** Reports a problem about {@code key}, at the line it was written on (its section's or component's when absent). */
    public void problem(ProblemCode code, String key, String message) {
        Origin origin = has(key) ? Origin.of(value(key).origin(), component.origin().file()) : here;
        problems.add(code, origin, component.where(prefix + key), message);
    }

    private ConfigValue value(String key) {
        return config.getValue(Component.quoted(key));
    }

    private String shortText(String key) {
        return shorten(String.valueOf(value(key).unwrapped()));
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String typeOf(ConfigValue value) {
        return value.valueType().name().toLowerCase(Locale.ROOT);
    }
}
