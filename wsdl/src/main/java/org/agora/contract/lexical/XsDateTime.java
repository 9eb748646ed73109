package org.agora.contract.lexical;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * xs:dateTime, limited to the years 1 to 9999: the schema allows any year, but a calendar of
 * year 10^20 cannot become a java.time.Instant, and no workspace lives that long.
 */
public final class XsDateTime extends XmlAdapter<String, XMLGregorianCalendar> {
    static final String ALLOWED = "a date and time such as 2026-12-07T18:00:00Z, in the years 1 to 9999";
    private static final DatatypeFactory TYPES = XmlTypes.FACTORY;

    @Override
    public XMLGregorianCalendar unmarshal(String lexical) {
        return parse(lexical);
    }

    @Override
    public String marshal(XMLGregorianCalendar value) {
        return print(value);
    }

    public static XMLGregorianCalendar parse(String lexical) {
        String v = XsWhitespace.collapse(lexical);
        XMLGregorianCalendar c;
        try {
            if (v.length() > 64) {
                throw new IllegalArgumentException("too long");
            }
            c = TYPES.newXMLGregorianCalendar(v);
        } catch (IllegalArgumentException notADateTime) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        if (c.getXMLSchemaType() != DatatypeConstants.DATETIME || c.getEon() != null
                || c.getYear() < 1 || c.getYear() > 9999) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        return c;
    }

    public static String print(XMLGregorianCalendar value) {
        return value == null ? null : value.toXMLFormat();
    }
}
