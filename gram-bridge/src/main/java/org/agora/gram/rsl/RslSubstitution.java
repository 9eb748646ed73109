package org.agora.gram.rsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agora.gram.job.JobDescriptionException;

/**
 * Expands {@code $(VAR)} references and {@code #} concatenations. Variables come from the job
 * manager (for instance {@code HOME}, {@code LOGNAME}) and from the request's {@code rsl_substitution}
 * relations, read in order: a definition may use any variable defined before it, and a later
 * definition of the same name replaces the earlier one.
 */
public final class RslSubstitution {

    private static final String ATTRIBUTE = "rslsubstitution";

    private RslSubstitution() {
    }

    /** The relations with every reference expanded; the {@code rsl_substitution} relations are dropped. */
    public static List<RslRelation> expand(List<RslRelation> relations, Map<String, String> predefined)
            throws JobDescriptionException {
        Map<String, String> variables = new HashMap<>(predefined);
        for (RslRelation relation : relations) {
            if (relation.name().equals(ATTRIBUTE)) {
                define(relation, variables);
            }
        }
        List<RslRelation> expanded = new ArrayList<>();
        for (RslRelation relation : relations) {
            if (!relation.name().equals(ATTRIBUTE)) {
                List<RslValue> values = new ArrayList<>();
                for (RslValue value : relation.values()) {
                    values.add(expand(relation.attribute(), value, variables));
                }
                expanded.add(new RslRelation(relation.attribute(), values));
            }
        }
        return expanded;
    }

    private static void define(RslRelation relation, Map<String, String> variables) throws JobDescriptionException {
        for (RslValue value : relation.values()) {
            if (!(value instanceof RslValue.Sequence definition) || definition.items().size() != 2
                    || !(definition.items().get(0) instanceof RslValue.Literal name)) {
                throw new JobDescriptionException(relation.attribute(), value.toString(),
                        "definitions of the form (NAME value)");
            }
            RslValue expanded = expand(relation.attribute(), definition.items().get(1), variables);
            if (!(expanded instanceof RslValue.Literal literal)) {
                throw new JobDescriptionException(relation.attribute(), value.toString(),
                        "a variable's value is one string, not a sequence");
            }
            variables.put(name.text(), literal.text());
        }
    }

    private static RslValue expand(String attribute, RslValue value, Map<String, String> variables)
            throws JobDescriptionException {
        if (value instanceof RslValue.Literal) {
            return value;
        }
        if (value instanceof RslValue.VariableReference reference) {
            String defined = variables.get(reference.name());
            if (defined == null) {
                throw new JobDescriptionException(attribute, reference.toString(),
                        "variables defined by rsl_substitution before use (" + reference.name()
                                + " is not defined)");
            }
            return new RslValue.Literal(defined);
        }
        if (value instanceof RslValue.Concatenation concatenation) {
            StringBuilder joined = new StringBuilder();
            for (RslValue part : concatenation.parts()) {
                joined.append(((RslValue.Literal) expand(attribute, part, variables)).text());
            }
            return new RslValue.Literal(joined.toString());
        }
        List<RslValue> items = new ArrayList<>();
        for (RslValue item : ((RslValue.Sequence) value).items()) {
            items.add(expand(attribute, item, variables));
        }
        return new RslValue.Sequence(items);
    }
}
