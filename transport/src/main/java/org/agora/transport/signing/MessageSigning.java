package org.agora.transport.signing;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.PeerChainCheck;
import org.agora.security.tls.TlsMaterial;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.ws.security.SecurityConstants;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.cache.ReplayCache;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSPasswordCallback;

/**
 * WS-Security message signing, as GT4's "secure message" was: every message carries a Timestamp
 * and an X.509 signature over Body and Timestamp (RSA-SHA256), with the signer's whole chain as a
 * PKIPath token so proxies can be checked. Incoming messages must be signed so, by a chain the grid
 * validator trusts, within a five-minute window, and are refused when replayed.
 */
public final class MessageSigning {
    /** The signed parts: the Timestamp (so a signature cannot be replayed later) and the Body. */
    static final String SIGNED_PARTS = "{Element}{http://docs.oasis-open.org/wss/2004/01/"
            + "oasis-200401-wss-wssecurity-utility-1.0.xsd}Timestamp;"
            + "{Element}{http://schemas.xmlsoap.org/soap/envelope/}Body";
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    /** Seconds a timestamp stays acceptable: the replay window. */
    public static final int TIMESTAMP_SECONDS = 300;
    private static final String ALIAS = "agora";
    /**
     * Message property under which the verifier leaves the signer's validated chain (leaf first), so
     * services can take the caller from the signature without depending on WSS4J.
     */
    public static final String SIGNER_CHAIN = "org.agora.signer.chain";

    private final Merlin crypto;
    private final String keyPassword = UUID.randomUUID().toString();
    private final PeerChainCheck chains;
    private final ReplayCache seenTimestamps = new BoundedReplayCache(BoundedReplayCache.DEFAULT_CAPACITY,
            java.time.Duration.ofSeconds(TIMESTAMP_SECONDS), java.time.Clock.systemUTC());

    /** Signs with the credential {@code tls} presents, and trusts what it trusts. */
    public MessageSigning(TlsMaterial tls) {
        this(tls.credential(), tls);
    }

    /**
     * Signs with {@code signer}, which may be another identity than the one {@code verifyBy} presents
     * for TLS (a compute element signing with the proxy its user delegated to it), and verifies
     * signatures by the CAs and validator of {@code verifyBy}.
     */
    public MessageSigning(GridCredential signer, TlsMaterial verifyBy) {
        this.chains = verifyBy.peerChainCheck();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, signer.privateKey(), keyPassword.toCharArray(), signer.chain());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : verifyBy.anchors().certificates()) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            this.crypto = new Merlin();
            crypto.setKeyStore(keys);
            crypto.setTrustStore(trust);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot hold the credential for message signing", e);
        }
    }

    /** Signs every outgoing message with this side's credential. */
    public WSS4JOutInterceptor signer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        p.put(ConfigurationConstants.SIGNATURE_USER, ALIAS);
        p.put(ConfigurationConstants.SIG_PROP_REF_ID, "agora.crypto");
        p.put("agora.crypto", crypto);
        p.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) this::password);
        p.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
        // The whole chain (proxy, user certificate) as one PKIPath token: a lone proxy proves nothing.
        p.put(ConfigurationConstants.USE_SINGLE_CERTIFICATE, "false");
        p.put(ConfigurationConstants.SIGNATURE_PARTS, SIGNED_PARTS);
        p.put(ConfigurationConstants.SIG_ALGO, RSA_SHA256);
        p.put(ConfigurationConstants.SIG_DIGEST_ALGO, SHA256);
        p.put(ConfigurationConstants.TTL_TIMESTAMP, Integer.toString(TIMESTAMP_SECONDS));
        return new WSS4JOutInterceptor(p);
    }

    /** Accepts only messages signed, over Body and Timestamp, by a trusted chain, and never twice. */
    public WSS4JInInterceptor verifier() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        p.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, "agora.crypto");
        p.put("agora.crypto", crypto);
        p.put(ConfigurationConstants.TTL_TIMESTAMP, Integer.toString(TIMESTAMP_SECONDS));
        p.put(ConfigurationConstants.TTL_FUTURE_TIMESTAMP, "60");
        p.put(ConfigurationConstants.IS_BSP_COMPLIANT, "false");
        GridSignatureValidator validator = new GridSignatureValidator(chains);
        return new WSS4JInInterceptor(p) {
            @Override
            public void handleMessage(org.apache.cxf.binding.soap.SoapMessage message) {
                // CXF reads these per message, not from the interceptor's own settings.
                message.put(SecurityConstants.SIGNATURE_TOKEN_VALIDATOR, validator);
                // A timestamp seen once within its window is a replay: CXF keeps them in a cache.
                message.put(SecurityConstants.ENABLE_TIMESTAMP_CACHE, Boolean.TRUE);
                message.put(SecurityConstants.TIMESTAMP_CACHE_INSTANCE, seenTimestamps);
                // Say which rule failed (replay, expiry, untrusted signer), not only "a security error".
                message.put(SecurityConstants.RETURN_SECURITY_ERROR, Boolean.TRUE);
                super.handleMessage(message);
                message.put(SIGNER_CHAIN, signerChain(message));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static X509Certificate[] signerChain(Message message) {
        Object results = message.get(org.apache.wss4j.dom.handler.WSHandlerConstants.RECV_RESULTS);
        if (results instanceof java.util.List<?> list) {
            for (Object r : list) {
                var handlerResult = (org.apache.wss4j.dom.handler.WSHandlerResult) r;
                var signatures = handlerResult.getActionResults().get(org.apache.wss4j.dom.WSConstants.SIGN);
                if (signatures != null && !signatures.isEmpty()) {
                    return (X509Certificate[]) signatures.get(0)
                            .get(org.apache.wss4j.dom.engine.WSSecurityEngineResult.TAG_X509_CERTIFICATES);
                }
            }
        }
        return null;
    }

    /** Makes a JAX-WS client {@code port} sign its requests and accept only signed answers and faults. */
    public <T> T onClient(T port) {
        var client = org.apache.cxf.frontend.ClientProxy.getClient(port);
        client.getOutInterceptors().add(signer());
        client.getInInterceptors().add(verifier());
        client.getInInterceptors().add(coverage());
        client.getInFaultInterceptors().add(verifier());
        return port;
    }

    /** Fails a message whose Body or Timestamp the signature does not cover. */
    public Interceptor<? extends Message> coverage() {
        return new SignatureCoverage();
    }

    private void password(Callback[] callbacks) {
        for (Callback c : callbacks) {
            if (c instanceof WSPasswordCallback pc) {
                pc.setPassword(keyPassword);
            }
        }
    }
}
