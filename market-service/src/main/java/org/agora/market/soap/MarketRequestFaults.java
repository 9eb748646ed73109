package org.agora.market.soap;

import jakarta.xml.bind.JAXBElement;
import org.agora.contract.faults.RequestFaults;
import org.agora.contract.faults.UnreadableRequest;
import org.agora.contract.market.MarketFault;
import org.agora.contract.market.ObjectFactory;
import org.agora.contract.wsrf.faults.BaseFaultType;

/** The market's answers to refused requests: a MarketFault with Reason InvalidRequest naming the field. */
public final class MarketRequestFaults implements RequestFaults {
    private static final ObjectFactory ELEMENTS = new ObjectFactory();

    @Override
    public JAXBElement<? extends BaseFaultType> unreadable(UnreadableRequest r) {
        MarketFault f = MarketEndpoint.fault("InvalidRequest", r.field(), r.description());
        return ELEMENTS.createMarketFault(f.getFaultInfo());
    }

    /** Every MarketFault says what the caller asked for was refused (a bid, a registration, an amount). */
    @Override
    public boolean callersMistake(Exception declaredFault) {
        return true;
    }
}
