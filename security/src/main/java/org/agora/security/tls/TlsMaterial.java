package org.agora.security.tls;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
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

    /**
     * How long a TLS session may be resumed after its full handshake: the lifetime hint of the
     * tickets a server issues and the life of the session caches on both sides (the JDK's default is
     * 24 hours). Resumption is kept, since every call re-checks the peer's chain anyway
     * ({@link PeerChainCheck}); the bound is what well-behaved clients are told to keep a ticket for.
     * OpenJDK 17's server does not itself refuse its stateless tickets past it (docs/security.md).
     */
    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);

    private final GridCredential credential;
    private final TrustAnchors anchors;
    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers;
    private final ChainValidator validator;
    private final PeerChainCheck peerChainCheck;

    public TlsMaterial(GridCredential credential, TrustAnchors anchors) {
        this(credential, anchors, ChainValidator.DEFAULT_REREAD);
    }

    /** As above, re-reading the CA directory (CRLs, CAs, policies) every {@code reread}. */
    public TlsMaterial(GridCredential credential, TrustAnchors anchors, Duration reread) {
        this(credential, anchors, new ChainValidator(anchors, reread));
    }

    /** As above, judging peers with {@code validator}, which must trust {@code anchors}. */
    public TlsMaterial(GridCredential credential, TrustAnchors anchors, ChainValidator validator) {
        this.credential = credential;
        this.anchors = anchors;
        this.keyManagers = new KeyManager[] {new CredentialKeyManager(credential)};
        this.validator = validator;
        this.trustManagers = new TrustManager[] {new GridTrustManager(anchors, validator, Clock.systemUTC())};
        this.peerChainCheck = new PeerChainCheck(validator, Clock.systemUTC());
    }

    public KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    public TrustManager[] trustManagers() {
        return trustManagers.clone();
    }

    /** A TLS context presenting this credential, whose sessions last {@link #SESSION_LIFETIME}. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            int seconds = (int) SESSION_LIFETIME.toSeconds();
            context.getServerSessionContext().setSessionTimeout(seconds);
            context.getClientSessionContext().setSessionTimeout(seconds);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
    }

    /** The per-call check of a TLS peer's chain, by the same validator as the trust managers. */
    public PeerChainCheck peerChainCheck() {
        return peerChainCheck;
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
