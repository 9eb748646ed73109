package org.agora.contract.lexical;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

/** The one DatatypeFactory of the contract's readers and faults: finding the JDK's costs a lookup. */
public final class XmlTypes {
    /** Thread-safe for the newDuration / newXMLGregorianCalendar calls made with it. */
    public static final DatatypeFactory FACTORY;

    static {
        try {
            FACTORY = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private XmlTypes() {
    }
}
