package org.agora.security.soap;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLSession;
import org.agora.security.authz.AccessDeniedException;
import org.agora.security.identity.GridIdentity;
import org.agora.security.voms.VomsVerifier;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;

/**
 * The grid identity behind a SOAP call: the signer of a WS-Security signed message when there is
 * one (as GT4's secure message), else the TLS client's chain, already validated by the grid trust
 * manager; with VOMS attributes verified when the site has a vomsdir.
 */
public final class CallerIdentity {
    /**
     * Where the WS-Security verifier leaves a signed request's validated signer chain.
     */
    public static final String SIGNER_CHAIN = "org.agora.signer.chain";

    private static final String SESSION_IDENTITY = "org.agora.caller.identity";

    private final VomsVerifier voms;

    /** @param voms verifies VOMS attributes in callers' proxies; null when the site has no vomsdir */
    public CallerIdentity(VomsVerifier voms) {
        this.voms = voms;
    }

    public GridIdentity of(Message message) throws AccessDeniedException {
        if (message.get(SIGNER_CHAIN) instanceof X509Certificate[] signer && signer.length > 0) {
            return voms == null ? GridIdentity.fromChain(signer) : voms.identify(signer);
        }
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        Certificate[] peer = tls == null ? null : tls.getPeerCertificates();
        if (peer == null || peer.length == 0) {
            throw new AccessDeniedException("the call carried no client certificate; connect over HTTPS with "
                    + "your grid proxy or user certificate");
        }
        X509Certificate[] chain = Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        if (voms != null) {
            // Attribute certificates are checked against the clock on every call: not kept.
            return voms.identify(chain);
        }
        // The identity is a function of the peer's chain alone, which is fixed for the TLS session:
        // worked out once per session rather than on every call it carries (docs/performance.md).
        SSLSession session = tls.getSSLSession();
        if (session != null && session.getValue(SESSION_IDENTITY) instanceof GridIdentity known) {
            return known;
        }
        GridIdentity identity = GridIdentity.fromChain(chain);
        if (session != null) {
            session.putValue(SESSION_IDENTITY, identity);
        }
        return identity;
    }
}
