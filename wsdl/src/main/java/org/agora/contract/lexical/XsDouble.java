package org.agora.contract.lexical;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.util.regex.Pattern;

/** xs:double: a decimal or scientific number, INF, -INF or NaN; Java's own extras (hex, "Infinity", "1d") refused. */
public final class XsDouble extends XmlAdapter<String, Double> {
    private static final Pattern DOUBLE = Pattern.compile(
            "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?|-?INF|NaN");
    static final String ALLOWED = "a number such as 0.25 or 1E-3, INF, -INF or NaN";

    @Override
    public Double unmarshal(String lexical) {
        return parse(lexical);
    }

    @Override
    public String marshal(Double value) {
        return print(value);
    }

    public static Double parse(String lexical) {
        String v = XsWhitespace.collapse(lexical);
        if (v.length() > 64 || !DOUBLE.matcher(v).matches()) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        return switch (v) {
            case "INF" -> Double.POSITIVE_INFINITY;
            case "-INF" -> Double.NEGATIVE_INFINITY;
            default -> Double.valueOf(v);
        };
    }

    public static String print(Double value) {
        if (value == null) {
            return null;
        }
        if (value.isInfinite()) {
            return value > 0 ? "INF" : "-INF";
        }
        return value.toString();
    }
}
