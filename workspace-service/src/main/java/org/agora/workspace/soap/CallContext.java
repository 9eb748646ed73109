package org.agora.workspace.soap;

import jakarta.xml.ws.WebServiceContext;
import java.util.List;
import org.agora.security.identity.GridIdentity;
import org.agora.security.authz.LimitedProxyPolicy;
import org.agora.security.authz.TrustedComputeElements;
import org.agora.security.soap.CallerIdentity;
import org.agora.security.soap.LimitedProxyGuard;
import org.agora.security.voms.VomsVerifier;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.context.WrappedMessageContext;
import org.apache.cxf.message.Message;
import org.w3c.dom.Element;

/**
 * What an endpoint needs to know about the call it is serving: who is calling (from the client's
 * certificate chain, already validated by the TLS layer) and which workspace the call addresses
 * (the WorkspaceKey reference parameter, echoed as a SOAP header).
 */
public final class CallContext {
    private final CallerIdentity identity;

    /** @param voms verifies VOMS attributes in callers' proxies; null when the site has no vomsdir */
    public CallContext(VomsVerifier voms) {
        this(voms, TrustedComputeElements.NONE);
    }

    /**
     * @param voms verifies VOMS attributes in callers' proxies; null when the site has no vomsdir
     * @param computeElements the CEs whose connections may carry calls their users signed
     */
    public CallContext(VomsVerifier voms, TrustedComputeElements computeElements) {
        this.identity = new CallerIdentity(voms, computeElements);
    }

    /**
     * The limited-proxy guard for the workspace service's endpoints: every one of their operations
     * declares NotAuthorizedFault, and that is what a refused call receives.
     */
    public static LimitedProxyGuard limitedProxyGuard(LimitedProxyPolicy policy) {
        return limitedProxyGuard(policy, TrustedComputeElements.NONE);
    }

    /** As above, on a site whose trusted compute elements relay their users' calls. */
    public static LimitedProxyGuard limitedProxyGuard(LimitedProxyPolicy policy,
                                                      TrustedComputeElements computeElements) {
        return new LimitedProxyGuard(policy, computeElements,
                refusal -> WorkspaceFaults.notAuthorized(new NotAuthorizedException(refusal)));
    }

    /** Where the deployment's WS-Security verifier leaves a signed request's validated signer chain. */
    public static final String SIGNER_CHAIN = CallerIdentity.SIGNER_CHAIN;

    GridIdentity caller(WebServiceContext context) throws NotAuthorizedException {
        Message message = ((WrappedMessageContext) context.getMessageContext()).getWrappedMessage();
        try {
            return identity.of(message);
        } catch (org.agora.security.authz.AccessDeniedException e) {
            throw new NotAuthorizedException(e.getMessage());
        }
    }

    /** The caller, or the NotAuthorizedFault every endpoint answers when it cannot be identified. */
    GridIdentity callerOrFault(WebServiceContext context) throws org.agora.contract.workspace.NotAuthorizedFault {
        try {
            return caller(context);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    /**
     * The resource key the call is addressed with (a reference parameter of the {@code resource}'s
     * EPR, echoed as a SOAP header), or a ResourceUnknownFault saying how to send it.
     */
    static String requiredKey(WebServiceContext context, javax.xml.namespace.QName name, String resource)
            throws org.agora.contract.wsrf.resource.ResourceUnknownFault {
        String key = key(context, name);
        if (key == null || key.isEmpty()) {
            throw WorkspaceFaults.unknown("the call names no " + resource + ": send the ws:" + name.getLocalPart()
                    + " reference parameter from the " + resource + "'s EPR as a SOAP header");
        }
        return key;
    }

    /** The workspace key header's text, or null when the call has none. */
    static String workspaceKey(WebServiceContext context) {
        return key(context, ContractTranslator.WORKSPACE_KEY);
    }

    /** The text of the resource-key header {@code name} (a reference parameter echoed), or null. */
    @SuppressWarnings("unchecked")
    static String key(WebServiceContext context, javax.xml.namespace.QName name) {
        List<Header> headers = (List<Header>) context.getMessageContext().get(Header.HEADER_LIST);
        if (headers == null) {
            return null;
        }
        for (Header h : headers) {
            if (name.equals(h.getName()) && h.getObject() instanceof Element e) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
