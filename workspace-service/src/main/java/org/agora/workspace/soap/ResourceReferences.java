package org.agora.workspace.soap;

import jakarta.xml.bind.JAXBElement;
import javax.xml.namespace.QName;
import org.agora.contract.addressing.AttributedURIType;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.addressing.ReferenceParametersType;

/**
 * The endpoint references the workspace service hands out: a port's address plus the resource's key
 * as a WS-Addressing reference parameter. Public so that tools outside the service (the bench) make
 * exactly the references the service makes.
 */
public final class ResourceReferences {
    /** The namespace of the workspace contract. */
    public static final String NS = "http://agora-grid.org/namespaces/2026/11/workspace";
    public static final QName WORKSPACE_KEY = new QName(NS, "WorkspaceKey");
    public static final QName GROUP_KEY = new QName(NS, "GroupKey");
    public static final QName SUBSCRIPTION_KEY = new QName(NS, "SubscriptionKey");

    private ResourceReferences() {
    }

    /** The EPR of a workspace behind the Workspace port at {@code workspaceAddress}. */
    public static EndpointReferenceType workspace(String workspaceAddress, String workspaceId) {
        return of(workspaceAddress, WORKSPACE_KEY, workspaceId);
    }

    /**
     * An EPR naming one resource behind {@code address} by a key reference parameter. A plain bean
     * (~0.1 µs, EndpointReferenceBenchmark): made afresh for every response and notification.
     */
    public static EndpointReferenceType of(String address, QName keyName, String key) {
        AttributedURIType uri = new AttributedURIType();
        uri.setValue(address);
        ReferenceParametersType parameters = new ReferenceParametersType();
        // The key's element is declared (xs:string) in workspace.xsd: a JAXBElement marshals as it, no DOM needed.
        parameters.getAny().add(new JAXBElement<>(keyName, String.class, key));
        EndpointReferenceType epr = new EndpointReferenceType();
        epr.setAddress(uri);
        epr.setReferenceParameters(parameters);
        return epr;
    }
}
