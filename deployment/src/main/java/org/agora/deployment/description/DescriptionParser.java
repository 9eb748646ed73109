package org.agora.deployment.description;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a description (HOCON, through Typesafe Config) into a component tree. HOCON does the
 * language's static part: {@code ${path}} substitutions (references by absolute path) and object
 * merging ({@code worker = ${templates.node} { memory = 2G }}: extension, to any depth). What is left
 * here is the tree: the root is the object under {@code deployment}; within a component, every
 * attribute whose value is an object with a {@code kind} is a child component, everything else is
 * the component's own attribute. Other top-level keys are templates to extend, never deployed.
 */
public final class DescriptionParser {

    private static final ConfigParseOptions PARSE = ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.CONF)
            .setAllowMissing(false);

    public Description parse(Path file) throws DescriptionException {
        if (!Files.isReadable(file)) {
            throw single(ProblemCode.SYNTAX, new Origin(file.toString(), 0), "description", "cannot read the file");
        }
        File asFile = file.toFile();
        return parse(file.toString(), () -> ConfigFactory.parseFile(asFile, PARSE.setOriginDescription(file.toString())));
    }

    /** Parses text held in memory; {@code name} is what errors call the file. */
    public Description parse(String name, String text) throws DescriptionException {
        return parse(name, () -> ConfigFactory.parseString(text, PARSE.setOriginDescription(name)));
    }

    private interface Source {
        Config read();
    }

    private Description parse(String name, Source source) throws DescriptionException {
        Config config;
        try {
            config = source.read().resolve(ConfigResolveOptions.noSystem());
        } catch (ConfigException e) {
            throw fromLibrary(name, e);
        }
        if (!config.hasPath(ComponentPath.ROOT)) {
            throw single(ProblemCode.MISSING_ATTRIBUTE, new Origin(name, 0), ComponentPath.ROOT,
                    "no 'deployment' object: the root of the tree is the object under the top-level key 'deployment'");
        }
        ConfigValue root = config.root().get(ComponentPath.ROOT);
        Problems problems = new Problems();
        if (root.valueType() != ConfigValueType.OBJECT) {
            throw single(ProblemCode.BAD_VALUE, Origin.of(root.origin(), name), ComponentPath.ROOT,
                    "'deployment' must be an object (a component), not a " + root.valueType().name().toLowerCase());
        }
        Component tree = component(ComponentPath.root(), (ConfigObject) root, name, problems);
        problems.throwIfAny();
        return new Description(name, tree);
    }

    private Component component(ComponentPath path, ConfigObject object, String file, Problems problems) {
        Origin origin = Origin.of(object.origin(), file);
        String kind = "";
        ConfigValue kindValue = object.get(Component.KIND);
        if (kindValue == null) {
            problems.add(ProblemCode.MISSING_ATTRIBUTE, origin, path + "." + Component.KIND,
                    "every component names its kind (domain, storage, compound, or an installed one)");
        } else if (kindValue.valueType() != ConfigValueType.STRING) {
            problems.add(ProblemCode.BAD_VALUE, Origin.of(kindValue.origin(), file), path + "." + Component.KIND,
                    "a kind is a name, such as domain, storage or compound");
        } else {
            kind = (String) kindValue.unwrapped();
        }
        ConfigObject own = object;
        List<Map.Entry<String, ConfigValue>> childEntries = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            if (isComponent(entry.getValue())) {
                childEntries.add(entry);
                own = own.withoutKey(entry.getKey());
            }
        }
        // ConfigObject keeps no order of its own: children go in the order they were written.
        childEntries.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey));
        List<Component> children = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : childEntries) {
            children.add(component(path.child(entry.getKey()), (ConfigObject) entry.getValue(), file, problems));
        }
        return new Component(path, kind, origin, own.toConfig(), children);
    }

    private static boolean isComponent(ConfigValue value) {
        return value.valueType() == ConfigValueType.OBJECT && ((ConfigObject) value).containsKey(Component.KIND);
    }

    private static DescriptionException fromLibrary(String name, ConfigException e) {
        Origin origin = Origin.of(e.origin(), name);
        String message = e.getMessage();
        // The library's message starts with the origin it also gives apart; keep only the sentence.
        String prefix = e.origin() == null ? "" : e.origin().description() + ": ";
        if (!prefix.isEmpty() && message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        ProblemCode code = ProblemCode.SYNTAX;
        String where = "description";
        if (e instanceof ConfigException.UnresolvedSubstitution) {
            code = message.contains("cycle") ? ProblemCode.CYCLE : ProblemCode.UNRESOLVED_REFERENCE;
            where = substitutionIn(message);
        } else if (message.contains("cycle")) {
            code = ProblemCode.CYCLE;
        }
        return single(code, origin, where, message);
    }

    /** The library names the unresolved substitution as ${path}; that path is where the problem is. */
    private static String substitutionIn(String message) {
        int open = message.indexOf("${");
        int close = open < 0 ? -1 : message.indexOf('}', open);
        return open < 0 || close < 0 ? "description" : message.substring(open, close + 1);
    }

    private static DescriptionException single(ProblemCode code, Origin origin, String where, String message) {
        return new DescriptionException(List.of(new Problem(code, origin, where, message)));
    }
}
