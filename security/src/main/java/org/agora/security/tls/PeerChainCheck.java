package org.agora.security.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.trust.ChainValidator;

/**
 * Whether a TLS peer's chain is valid now, asked on every call. The trust manager judges a chain
 * at a full handshake only; a session resumed later (TLS 1.3 tickets, TLS 1.2 ids) brings the same
 * chain back without one, after a CRL may have revoked it or a proxy in it expired. A verdict is
 * remembered for as long as it cannot change: until the chain's earliest {@code notAfter}, and
 * while the validator's CA directory has not been read again (a new CRL moves its generation).
 * The HTTP server does not hand the SSLSession to services, so verdicts are kept by chain, which
 * is what validity depends on.
 */
public final class PeerChainCheck {
    /** Verdicts kept at most; past it they are dropped together and worked out again as calls come. */
    static final int MAX_VERDICTS = 10_000;

    /** A chain found valid at {@code generation}, which stays so until {@code until}. */
    private record Verdict(long generation, Instant until) {
    }

    private final ChainValidator validator;
    private final Clock clock;
    private final Map<List<X509Certificate>, Verdict> verdicts = new ConcurrentHashMap<>();

    public PeerChainCheck(ChainValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    /** Returns when {@code chain} (the peer's, leaf first) is valid now; throws with every problem otherwise. */
    public void check(X509Certificate[] chain) throws ChainRejectedException {
        Instant now = clock.instant();
        long generation = validator.generation();
        List<X509Certificate> key = chain == null ? List.of() : List.of(chain);
        Verdict known = verdicts.get(key);
        if (known != null && known.generation() == generation && now.isBefore(known.until())) {
            return;
        }
        verdicts.remove(key);
        validator.validate(chain, now);
        if (verdicts.size() >= MAX_VERDICTS) {
            verdicts.clear();
        }
        verdicts.put(key, new Verdict(generation, ChainValidator.validUntil(chain)));
    }
}
