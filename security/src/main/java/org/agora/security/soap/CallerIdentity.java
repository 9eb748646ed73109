package org.agora.security.soap;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
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
        return voms == null ? GridIdentity.fromChain(chain) : voms.identify(chain);
    }
}
