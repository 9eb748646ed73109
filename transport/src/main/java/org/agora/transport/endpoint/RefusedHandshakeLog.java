package org.agora.transport.endpoint;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.trust.ChainRejectedException;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, one line each, the TLS handshakes an endpoint refused for a reason other than the peer's
 * chain: no client certificate, a certificate whose key signed nothing (a bad CertificateVerify),
 * no protocol in common. Refused chains are logged by {@code GridTrustManager} with their codes;
 * both lines are {@code event=tls.peer_rejected}, so one grep finds every refusal.
 */
final class RefusedHandshakeLog implements SslHandshakeListener {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedHandshakeLog.class);

    static final String NO_CLIENT_CERTIFICATE = "NO_CLIENT_CERTIFICATE";
    static final String HANDSHAKE_FAILED = "TLS_HANDSHAKE_FAILED";

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ChainRejectedException) {
                return;
            }
        }
        String peer = event.getEndPoint() != null && event.getEndPoint().getRemoteSocketAddress() != null
                ? event.getEndPoint().getRemoteSocketAddress().toString().replaceFirst("^[^/]*/", "")
                : event.getSSLEngine().getPeerHost() + ":" + event.getSSLEngine().getPeerPort();
        String reason = String.valueOf(failure.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        if (closedByPeer(failure)) {
            // A client that hung up (a port check, a client giving up) was not refused.
            LOG.debug("event=tls.handshake_abandoned peer=client {} reason=\"{}\"", peer, reason);
            return;
        }
        String code = reason.contains("Empty client certificate chain") ? NO_CLIENT_CERTIFICATE : HANDSHAKE_FAILED;
        LOG.warn("event=tls.peer_rejected peer=client {} subject=\"{}\" codes=[{}] reason=\"{}\"", peer,
                subject(event.getSSLEngine()), code, reason);
    }

    private static boolean closedByPeer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** The leaf the client presented, if it got that far. */
    private static String subject(SSLEngine engine) {
        SSLSession session = engine.getHandshakeSession() != null ? engine.getHandshakeSession() : engine.getSession();
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf
                    ? DistinguishedNames.toSlash(leaf.getSubjectX500Principal()) : "none";
        } catch (SSLPeerUnverifiedException | RuntimeException noChain) {
            return "none";
        }
    }
}
