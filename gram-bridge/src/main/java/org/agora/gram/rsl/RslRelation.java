package org.agora.gram.rsl;

import java.util.List;
import java.util.Locale;

/**
 * {@code (attribute = values...)}.
 *
 * @param attribute the attribute as the submitter wrote it, used in messages
 * @param values    the value sequence, in order
 */
public record RslRelation(String attribute, List<RslValue> values) {

    public RslRelation {
        values = List.copyOf(values);
    }

    /** The attribute as GRAM compares it: lower case, underscores dropped. */
    public String name() {
        return canonical(attribute);
    }

    /** {@code maxWallTime}, {@code max_wall_time} and {@code MAXWALLTIME} all give {@code maxwalltime}. */
    public static String canonical(String attribute) {
        return attribute.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
