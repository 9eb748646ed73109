package org.agora.workspace.soap;

import jakarta.xml.bind.JAXBElement;
import org.agora.contract.faults.RequestFaults;
import org.agora.contract.faults.UnreadableRequest;
import org.agora.contract.workspace.InvalidWorkspaceRequestFaultType;
import org.agora.contract.workspace.NoCapacityFault;
import org.agora.contract.workspace.ObjectFactory;
import org.agora.contract.wsrf.faults.BaseFaultType;
import org.agora.contract.wsrf.lifetime.ResourceNotDestroyedFault;
import org.agora.contract.wsrf.resource.ResourceUnavailableFault;

/**
 * The workspace service's answers to refused requests: an unreadable element is an
 * InvalidWorkspaceRequestFault naming it, and every fault of its contract is the caller's to fix
 * except those that say the site could not do what was asked.
 */
public final class WorkspaceRequestFaults implements RequestFaults {
    private static final ObjectFactory ELEMENTS = new ObjectFactory();

    @Override
    public JAXBElement<? extends BaseFaultType> unreadable(UnreadableRequest r) {
        InvalidWorkspaceRequestFaultType info = WorkspaceFaults.fill(new InvalidWorkspaceRequestFaultType(),
                "InvalidWorkspaceRequest", r.description());
        info.setField(r.field());
        info.setAllowed(r.allowed());
        return ELEMENTS.createInvalidWorkspaceRequestFault(info);
    }

    @Override
    public boolean callersMistake(Exception declaredFault) {
        return !(declaredFault instanceof NoCapacityFault || declaredFault instanceof ResourceUnavailableFault
                || declaredFault instanceof ResourceNotDestroyedFault);
    }
}
