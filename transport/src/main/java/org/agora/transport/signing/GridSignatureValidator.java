package org.agora.transport.signing;

import java.security.cert.X509Certificate;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.tls.PeerChainCheck;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.validate.Credential;
import org.apache.wss4j.dom.validate.Validator;

/**
 * Trusts a message signature's certificate chain by the same grid rules as TLS does. WSS4J's own
 * trust check goes through the JDK's PKIX validator, which refuses the proxy chains grid users sign
 * with.
 */
final class GridSignatureValidator implements Validator {
    private final PeerChainCheck chains;

    GridSignatureValidator(PeerChainCheck chains) {
        this.chains = chains;
    }

    @Override
    public Credential validate(Credential credential, RequestData data) throws WSSecurityException {
        X509Certificate[] certificates = credential == null ? null : credential.getCertificates();
        if (certificates == null || certificates.length == 0) {
            // A bare key proves nothing about who signed.
            throw new WSSecurityException(WSSecurityException.ErrorCode.FAILED_AUTHENTICATION, "empty",
                    new Object[] {"the message signature carries no certificate chain"});
        }
        try {
            chains.check(certificates);
            return credential;
        } catch (ChainRejectedException e) {
            throw new WSSecurityException(WSSecurityException.ErrorCode.FAILED_AUTHENTICATION, e, "empty",
                    new Object[] {"the message was signed by a certificate chain this site does not trust: "
                            + e.getMessage()});
        }
    }
}
