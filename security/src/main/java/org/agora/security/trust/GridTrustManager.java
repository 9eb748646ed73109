package org.agora.security.trust;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS trust manager that accepts what grid peers present (end-entity certificates and proxy
 * chains from trusted CAs) and logs, for the admin, why it refused anything else. Host names are
 * checked by the HTTPS client above it, not here.
 */
public final class GridTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(GridTrustManager.class);

    private final TrustAnchors anchors;
    private final ChainValidator validator;
    private final Clock clock;

    public GridTrustManager(TrustAnchors anchors, Clock clock) {
        this(anchors, new ChainValidator(anchors), clock);
    }

    /** Checks peers with an existing validator, so one CA directory is read and watched once. */
    public GridTrustManager(TrustAnchors anchors, ChainValidator validator, Clock clock) {
        this.anchors = anchors;
        this.validator = validator;
        this.clock = clock;
    }

    private void check(X509Certificate[] chain, String peer) throws CertificateException {
        try {
            validator.validate(chain, clock.instant());
        } catch (ChainRejectedException e) {
            LOG.warn("event=tls.peer_rejected peer={} subject=\"{}\" codes={} reason=\"{}\"", peer,
                    chain == null || chain.length == 0 ? "none" : ChainValidator.subject(chain[0]),
                    e.problems().stream().map(ChainProblem::code).distinct().toList(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // Every refused handshake gets its line, even one the validator could not judge.
            LOG.warn("event=tls.peer_rejected peer={} subject=\"{}\" codes=[{}] reason=\"{}\"", peer,
                    chain == null || chain.length == 0 ? "none" : ChainValidator.subject(chain[0]),
                    ChainValidator.VALIDATOR_FAILED, e.toString());
            ChainRejectedException rejected = new ChainRejectedException(List.of(new ChainProblem(
                    ChainValidator.VALIDATOR_FAILED, -1, "-", "the chain could not be validated: " + e)));
            rejected.initCause(e);
            throw rejected;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, "server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, "client " + socket.getRemoteSocketAddress());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, "server " + socket.getRemoteSocketAddress());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, "client " + engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, "server " + engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.certificates().toArray(X509Certificate[]::new);
    }
}
