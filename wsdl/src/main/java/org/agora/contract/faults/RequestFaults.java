package org.agora.contract.faults;

import jakarta.xml.bind.JAXBElement;
import org.agora.contract.wsrf.faults.BaseFaultType;

/** One service's answers to requests it refuses, in its own typed faults. */
public interface RequestFaults {
    /** The detail of the fault answering a request that could not be read: a BaseFault naming the field. */
    JAXBElement<? extends BaseFaultType> unreadable(UnreadableRequest request);

    /**
     * Whether {@code declaredFault}, a fault of this service's contract that an operation raised, is
     * the caller's to fix (answered as soap:Client, logged as one line) rather than the site's.
     */
    boolean callersMistake(Exception declaredFault);

    /**
     * The detail of the fault refusing a caller before any operation ran (a message signature that
     * does not verify, a chain no longer valid): a WS-BaseFault carrying the refusal's sentence.
     */
    default JAXBElement<? extends BaseFaultType> refusedCaller(String sentence) {
        return BaseFaults.plain(sentence);
    }
}
