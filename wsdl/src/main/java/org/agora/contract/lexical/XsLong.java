package org.agora.contract.lexical;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.util.regex.Pattern;

/** xs:long, read in full: a value outside the 64-bit range is refused, never wrapped. */
public final class XsLong extends XmlAdapter<String, Long> {
    /** xs:integer's lexical space, with a bound on digits no 64-bit number needs more of. */
    static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,40}");
    static final String ALLOWED = "a whole number from -9223372036854775808 to 9223372036854775807";

    @Override
    public Long unmarshal(String lexical) {
        return parse(lexical);
    }

    @Override
    public String marshal(Long value) {
        return print(value);
    }

    public static Long parse(String lexical) {
        String v = XsWhitespace.collapse(lexical);
        if (!INTEGER.matcher(v).matches()) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        try {
            return Long.valueOf(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException outOfRange) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
    }

    public static String print(Long value) {
        return value == null ? null : value.toString();
    }
}
