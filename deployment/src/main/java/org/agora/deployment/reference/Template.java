package org.agora.deployment.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A text value split into literal text and {@code @{…}} references. A reference is a path from the
 * component holding the text, slashes between steps, whose last step is an attribute:
 * {@code @{../server/address}} is the address of the sibling {@code server}; {@code @{memory}} is the
 * component's own {@code memory}; {@code @{/db/hostname}} starts from the root. {@code @@{} writes a
 * literal {@code @{}.
 */
public record Template(List<Part> parts) {

    /** A piece of a template. */
    public sealed interface Part permits Text, Reference {
    }

    public record Text(String text) implements Part {
    }

    /** {@code steps} lead to the component (empty: the referrer itself; first step empty: from the root). */
    public record Reference(String written, List<String> steps, String attribute) implements Part {
        @Override
        public String toString() {
            return "@{" + written + "}";
        }
    }

    public Template {
        parts = List.copyOf(parts);
    }

    /** Whether a text holds a reference at all (cheap test before parsing). */
    public static boolean mayHoldReferences(String text) {
        return text.contains("@{");
    }

    /** Splits {@code text}; a reference left open or empty yields an error sentence instead. */
    public static Parsed parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("@@{", i)) {
                literal.append("@{");
                i += 3;
            } else if (text.startsWith("@{", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    return Parsed.error("a reference opened with @{ is not closed with }");
                }
                String written = text.substring(i + 2, close).trim();
                List<String> steps = Arrays.asList(written.split("/", -1));
                String attribute = steps.get(steps.size() - 1);
                if (attribute.isEmpty() || attribute.equals("..")) {
                    return Parsed.error("@{" + written + "} names no attribute: a reference ends with one, as in @{../server/address}");
                }
                if (literal.length() > 0) {
                    parts.add(new Text(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Reference(written, List.copyOf(steps.subList(0, steps.size() - 1)), attribute));
                i = close + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return new Parsed(Optional.of(new Template(parts)), Optional.empty());
    }

    /** A template or the reason there is none. */
    public record Parsed(Optional<Template> template, Optional<String> error) {
        static Parsed error(String reason) {
            return new Parsed(Optional.empty(), Optional.of(reason));
        }
    }

    public List<Reference> references() {
        return parts.stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    }

    /** True when the whole text is one reference, whose value then keeps its type (a number stays a number). */
    public boolean isSingleReference() {
        return parts.size() == 1 && parts.get(0) instanceof Reference;
    }
}
