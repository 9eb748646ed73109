package org.agora.security.authz;

import javax.xml.namespace.QName;
import org.agora.security.identity.GridIdentity;

/**
 * The one rule for limited proxies (RFC 3820, pre-RFC draft and legacy Globus alike): they may
 * call the operations that only read, and nothing else. One exception: a limited proxy whose call
 * a trusted compute element relays may call exactly the operations the table lists for relayed
 * calls (create, query, read the console of and destroy workspaces), and no other, not even one
 * that only reads. A CE holds the limited proxy GRAM delegated to it, and runs jobs with it; over
 * any other path a limited proxy still may not create anything. Full proxies and end-entity
 * certificates pass, relayed or not; what they may do to a particular resource is the owning
 * service's decision.
 */
public final class LimitedProxyPolicy {
    private final ContractOperations operations;

    public LimitedProxyPolicy(ContractOperations operations) {
        this.operations = operations;
    }

    /**
     * Refuses {@code operation} of {@code portType} to {@code caller} when the caller came through
     * a limited proxy and the operation is not one that only reads.
     */
    public void permit(GridIdentity caller, QName portType, String operation) throws AccessDeniedException {
        if (caller.isLimited() && caller.isRelayed()) {
            if (!operations.relayableWithLimitedProxy(portType, operation)) {
                throw new AccessDeniedException("a limited proxy relayed by a compute element may only create "
                        + "workspaces, read their properties, console and list, and destroy them: " + operation + " ("
                        + portType.getLocalPart() + ") is none of these, and " + caller.dn() + " called it through "
                        + caller.relayedBy() + " with a limited proxy (" + caller.proxyType().description()
                        + "); delegate a full proxy to the compute element, or call the site yourself");
            }
            return;
        }
        if (caller.isLimited() && !operations.readsOnly(portType, operation)) {
            throw new AccessDeniedException("a limited proxy may look but not change: " + operation + " ("
                    + portType.getLocalPart() + ") changes state, and " + caller.dn() + " called it with a "
                    + "limited proxy (" + caller.proxyType().description() + "); use a full proxy (agora "
                    + "proxy-init, or grid-proxy-init without -limited)");
        }
    }
}
