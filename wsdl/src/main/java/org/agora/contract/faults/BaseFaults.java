package org.agora.contract.faults;

import jakarta.xml.bind.JAXBElement;
import java.time.Instant;
import javax.xml.datatype.DatatypeFactory;
import org.agora.contract.lexical.XmlTypes;
import org.agora.contract.wsrf.faults.BaseFaultType;
import org.agora.contract.wsrf.faults.ObjectFactory;

/**
 * For a port whose only callers are Agora's own services (a site adapter's node port): an
 * unreadable request is a plain WS-BaseFault, and every fault the port declares is counted as
 * the site's own trouble, to be looked into.
 */
public final class BaseFaults implements RequestFaults {
    private static final ObjectFactory ELEMENTS = new ObjectFactory();
    private static final DatatypeFactory TYPES = XmlTypes.FACTORY;

    @Override
    public JAXBElement<? extends BaseFaultType> unreadable(UnreadableRequest request) {
        return plain(request.description());
    }

    /** A WS-BaseFault stamped now, carrying {@code description}. */
    public static JAXBElement<BaseFaultType> plain(String description) {
        BaseFaultType fault = new BaseFaultType();
        fault.setTimestamp(TYPES.newXMLGregorianCalendar(Instant.now().toString()));
        fault.getDescription().add(description);
        return ELEMENTS.createBaseFault(fault);
    }

    @Override
    public boolean callersMistake(Exception declaredFault) {
        return false;
    }
}
