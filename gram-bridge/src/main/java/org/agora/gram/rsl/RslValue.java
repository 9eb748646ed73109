package org.agora.gram.rsl;

import java.util.List;

/** One value on the right of an RSL relation. */
public sealed interface RslValue {

    /** A literal string, quoted or not in the source; quotes already removed. */
    record Literal(String text) implements RslValue {
        @Override
        public String toString() {
            return text.isEmpty() || text.chars().anyMatch(c -> Character.isWhitespace(c) || "()=<>!&|\"'^#$+".indexOf(c) >= 0)
                    ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
        }
    }

    /** {@code $(NAME)}: a reference to an {@code rsl_substitution} variable. */
    record VariableReference(String name) implements RslValue {
        @Override
        public String toString() {
            return "$(" + name + ")";
        }
    }

    /** Values joined with {@code #} into one string once references are expanded. */
    record Concatenation(List<RslValue> parts) implements RslValue {
        public Concatenation {
            parts = List.copyOf(parts);
        }

        @Override
        public String toString() {
            return String.join(" # ", parts.stream().map(Object::toString).toList());
        }
    }

    /** A parenthesised sequence of values, as in {@code (environment = (K v))}. */
    record Sequence(List<RslValue> items) implements RslValue {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return "(" + String.join(" ", items.stream().map(Object::toString).toList()) + ")";
        }
    }
}
