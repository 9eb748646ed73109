package org.agora.workspace.soap;

import jakarta.xml.ws.WebServiceContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.agora.security.identity.GridIdentity;
import org.agora.security.voms.VomsVerifier;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.context.WrappedMessageContext;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.w3c.dom.Element;

/**
 * What an endpoint needs to know about the call it is serving: who is calling (from the client's
 * certificate chain, already validated by the TLS layer) and which workspace the call addresses
 * (the WorkspaceKey reference parameter, echoed as a SOAP header).
 */
public final class CallContext {
    private final VomsVerifier voms;

    /** @param voms verifies VOMS attributes in callers' proxies; null when the site has no vomsdir */
    public CallContext(VomsVerifier voms) {
        this.voms = voms;
    }

    /**
     * Where the deployment's WS-Security verifier leaves a signed request's validated signer chain:
     * when present, the caller is who signed the message, as with GT4's secure message.
     */
    public static final String SIGNER_CHAIN = "org.agora.signer.chain";

    GridIdentity caller(WebServiceContext context) throws NotAuthorizedException {
        Message message = ((WrappedMessageContext) context.getMessageContext()).getWrappedMessage();
        if (message.get(SIGNER_CHAIN) instanceof X509Certificate[] signer && signer.length > 0) {
            return voms == null ? GridIdentity.fromChain(signer) : voms.identify(signer);
        }
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        Certificate[] peer = tls == null ? null : tls.getPeerCertificates();
        if (peer == null || peer.length == 0) {
            throw new NotAuthorizedException("the call carried no client certificate; connect over HTTPS with "
                    + "your grid proxy or user certificate");
        }
        X509Certificate[] chain = Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        return voms == null ? GridIdentity.fromChain(chain) : voms.identify(chain);
    }

    /** The workspace key header's text, or null when the call has none. */
    @SuppressWarnings("unchecked")
    static String workspaceKey(WebServiceContext context) {
        List<Header> headers = (List<Header>) context.getMessageContext().get(Header.HEADER_LIST);
        if (headers == null) {
            return null;
        }
        for (Header h : headers) {
            if (ContractTranslator.WORKSPACE_KEY.equals(h.getName()) && h.getObject() instanceof Element e) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
