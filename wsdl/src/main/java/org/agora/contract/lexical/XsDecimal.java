package org.agora.contract.lexical;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * xs:decimal: digits with an optional point, nothing else. Java's BigDecimal would also take
 * exponents, and {@code 1E999999999} printed in full is a gigabyte.
 */
public final class XsDecimal extends XmlAdapter<String, BigDecimal> {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    static final int MAX_CHARACTERS = 40;
    static final String ALLOWED = "a decimal number of at most " + MAX_CHARACTERS + " characters, e.g. 12.5";

    @Override
    public BigDecimal unmarshal(String lexical) {
        return parse(lexical);
    }

    @Override
    public String marshal(BigDecimal value) {
        return print(value);
    }

    public static BigDecimal parse(String lexical) {
        String v = XsWhitespace.collapse(lexical);
        if (v.length() > MAX_CHARACTERS || !DECIMAL.matcher(v).matches()) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        return new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
    }

    public static String print(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
