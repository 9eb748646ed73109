package org.agora.security.tls;

import java.security.GeneralSecurityException;
import java.time.Clock;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.agora.security.credential.GridCredential;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.GridTrustManager;
import org.agora.security.trust.TrustAnchors;

/** A credential to present and the CAs to trust: what one side of a mutual-TLS connection needs. */
public final class TlsMaterial {
    /** TLS 1.2 and 1.3 only. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final GridCredential credential;
    private final TrustAnchors anchors;
    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers;
    private final ChainValidator validator;

    public TlsMaterial(GridCredential credential, TrustAnchors anchors) {
        this.credential = credential;
        this.anchors = anchors;
        this.keyManagers = new KeyManager[] {new CredentialKeyManager(credential)};
        this.validator = new ChainValidator(anchors);
        this.trustManagers = new TrustManager[] {new GridTrustManager(anchors, validator, Clock.systemUTC())};
    }

    public KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    public TrustManager[] trustManagers() {
        return trustManagers.clone();
    }

    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
    }

    public GridCredential credential() {
        return credential;
    }

    /** The grid chain validator behind the trust managers, for checks outside TLS (message signatures). */
    public ChainValidator validator() {
        return validator;
    }

    public TrustAnchors anchors() {
        return anchors;
    }
}
