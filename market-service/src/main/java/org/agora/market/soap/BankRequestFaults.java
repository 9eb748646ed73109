package org.agora.market.soap;

import jakarta.xml.bind.JAXBElement;
import org.agora.contract.bank.BankFaultType;
import org.agora.contract.bank.ObjectFactory;
import org.agora.contract.faults.RequestFaults;
import org.agora.contract.faults.UnreadableRequest;
import org.agora.contract.wsrf.faults.BaseFaultType;

/**
 * The bank's answers to refused requests: a BankFault with Reason InvalidRequest whose
 * Description names the field (the bank's fault has no Field element).
 */
public final class BankRequestFaults implements RequestFaults {
    private static final ObjectFactory ELEMENTS = new ObjectFactory();

    @Override
    public JAXBElement<? extends BaseFaultType> unreadable(UnreadableRequest r) {
        BankFaultType info = BankEndpoint.faultInfo("InvalidRequest", r.description());
        return ELEMENTS.createBankFault(info);
    }

    /** Every BankFault refuses what the caller asked (funds, account, amount, transfer id, rights). */
    @Override
    public boolean callersMistake(Exception declaredFault) {
        return true;
    }
}
