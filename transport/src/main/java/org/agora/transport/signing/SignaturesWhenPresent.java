package org.agora.transport.signing;

import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;

/**
 * For an endpoint that takes unsigned calls over mutual TLS but must also serve signed ones (a
 * site that trusts compute elements to relay their users' signed calls): a request carrying a
 * WS-Security header is verified exactly as on an endpoint that demands signatures (trusted chain,
 * Body and Timestamp covered, timestamp fresh, no replay), and its answer or fault is signed; a
 * request without one passes untouched, as before. A request whose header does not verify is
 * refused, never served as unsigned: only a verified signature makes the signer the caller.
 */
public final class SignaturesWhenPresent {
    private static final QName SECURITY = new QName(
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", "Security");
    /** Exchange property marking a request that came with a WS-Security header. */
    private static final String SIGNED_REQUEST = SignaturesWhenPresent.class.getName() + ".signedRequest";

    private final MessageSigning signing;

    public SignaturesWhenPresent(MessageSigning signing) {
        this.signing = signing;
    }

    /** Verifies a request that carries a WS-Security header; lets one without through. */
    public Interceptor<SoapMessage> verifier() {
        WSS4JInInterceptor verify = signing.verifier();
        @SuppressWarnings("unchecked")
        Interceptor<Message> coverage = (Interceptor<Message>) signing.coverage();
        return new AbstractSoapInterceptor(Phase.PRE_PROTOCOL) {
            /** The Security header, which clients mark mustUnderstand: this endpoint does. */
            @Override
            public java.util.Set<QName> getUnderstoodHeaders() {
                return verify.getUnderstoodHeaders();
            }

            @Override
            public void handleMessage(SoapMessage message) {
                if (!hasSecurityHeader(message)) {
                    return;
                }
                // Marked first, so that a refusal of the signature is itself answered signed.
                message.getExchange().put(SIGNED_REQUEST, Boolean.TRUE);
                verify.handleMessage(message);
                coverage.handleMessage(message);
            }
        };
    }

    /** Signs the answer (or fault) to a request that came signed. */
    public Interceptor<SoapMessage> signer() {
        Interceptor<SoapMessage> sign = signing.signer();
        return new AbstractSoapInterceptor(Phase.PRE_PROTOCOL) {
            @Override
            public void handleMessage(SoapMessage message) {
                if (Boolean.TRUE.equals(message.getExchange().get(SIGNED_REQUEST))) {
                    sign.handleMessage(message);
                }
            }

            @Override
            public void handleFault(SoapMessage message) {
                if (Boolean.TRUE.equals(message.getExchange().get(SIGNED_REQUEST))) {
                    sign.handleFault(message);
                }
            }
        };
    }

    private static boolean hasSecurityHeader(SoapMessage message) {
        for (Header h : message.getHeaders()) {
            if (SECURITY.equals(h.getName())) {
                return true;
            }
        }
        return false;
    }
}
