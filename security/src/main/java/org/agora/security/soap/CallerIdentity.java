package org.agora.security.soap;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.agora.security.authz.AccessDeniedException;
import org.agora.security.authz.TrustedComputeElements;
import org.agora.security.identity.GridIdentity;
import org.agora.security.voms.VomsVerifier;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;

/**
 * The grid identity behind a SOAP call, by the one rule every Agora endpoint applies. Every call
 * arrives over mutual TLS; when it is also WS-Security signed (as GT4's secure message), the
 * signer's chain is the one authorised, and it must belong to the same person as the TLS peer's,
 * with one exception: a compute element the site trusts ({@link TrustedComputeElements}),
 * connecting with its own end-entity host certificate, may carry a call its user signed with the
 * proxy delegated to it. The caller is then the user, marked as relayed by that CE. Any other
 * message signed by one identity and sent over another's connection is refused, so neither a
 * captured signed message nor a borrowed connection lets anyone act as someone else. VOMS
 * attributes are verified when the site has a vomsdir.
 */
public final class CallerIdentity {
    /**
     * Where the WS-Security verifier leaves a signed request's validated signer chain.
     */
    public static final String SIGNER_CHAIN = "org.agora.signer.chain";

    private final VomsVerifier voms;
    private final TrustedComputeElements computeElements;

    /** @param voms verifies VOMS attributes in callers' proxies; null when the site has no vomsdir */
    public CallerIdentity(VomsVerifier voms) {
        this(voms, TrustedComputeElements.NONE);
    }

    /**
     * @param voms verifies VOMS attributes in callers' proxies; null when the site has no vomsdir
     * @param computeElements the CEs whose connections may carry calls their users signed
     */
    public CallerIdentity(VomsVerifier voms, TrustedComputeElements computeElements) {
        this.voms = voms;
        this.computeElements = computeElements;
    }

    public GridIdentity of(Message message) throws AccessDeniedException {
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        Certificate[] peer = tls == null ? null : tls.getPeerCertificates();
        if (peer == null || peer.length == 0) {
            throw new AccessDeniedException("the call carried no client certificate; connect over HTTPS with "
                    + "your grid proxy or user certificate");
        }
        X509Certificate[] chain = Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        if (message.get(SIGNER_CHAIN) instanceof X509Certificate[] signer && signer.length > 0) {
            // The signer's chain was validated at this message's arrival (time, CRLs, namespaces)
            // by the WS-Security verifier, so a relayed user is judged now, like any caller.
            GridIdentity signedBy = voms == null ? GridIdentity.fromChain(signer) : voms.identify(signer);
            String connectedAs = GridIdentity.fromChain(chain).dn();
            if (signedBy.dn().equals(connectedAs)) {
                return signedBy;
            }
            Optional<String> ce = computeElements.relayingCe(chain);
            if (ce.isPresent()) {
                return signedBy.withRelay(ce.get());
            }
            throw new AccessDeniedException("the message is signed by " + signedBy.dn()
                    + " but the TLS connection presents the certificate of " + connectedAs
                    + "; sign with a proxy or certificate of the identity you connect with");
        }
        // Not cached: CXF's HTTP server hands services no SSLSession to keep it on, and working it
        // out is a few name conversions. Whether the chain is still valid is asked before any
        // endpoint runs (PeerChainRecheck).
        return voms == null ? GridIdentity.fromChain(chain) : voms.identify(chain);
    }
}
