package org.agora.contract.lexical;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;

/** xs:int, read in full: a value outside the 32-bit range is refused, never wrapped. */
public final class XsInt extends XmlAdapter<String, Integer> {
    static final String ALLOWED = "a whole number from -2147483648 to 2147483647";

    @Override
    public Integer unmarshal(String lexical) {
        return parse(lexical);
    }

    @Override
    public String marshal(Integer value) {
        return print(value);
    }

    public static Integer parse(String lexical) {
        String v = XsWhitespace.collapse(lexical);
        if (!XsLong.INTEGER.matcher(v).matches()) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        try {
            return Integer.valueOf(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException outOfRange) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
    }

    public static String print(Integer value) {
        return value == null ? null : value.toString();
    }
}
