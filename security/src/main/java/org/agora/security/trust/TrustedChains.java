package org.agora.security.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Chains the grid validator has found trusted, remembered beyond one process so that a short-lived
 * one (the {@code agora} command) need not build the validator for a chain it checked a moment ago.
 * Only trust is remembered, never a refusal: a refused chain is always validated afresh, so every
 * refusal carries the validator's own codes.
 */
public interface TrustedChains {
    /** Remembers nothing: every chain goes to the validator. */
    TrustedChains NONE = new TrustedChains() {
        @Override
        public boolean trusted(X509Certificate[] chain) {
            return false;
        }

        @Override
        public void remember(X509Certificate[] chain, Instant until) {
        }
    };

    /** Whether {@code chain} was found trusted, under the same trust anchors, and that verdict still holds now. */
    boolean trusted(X509Certificate[] chain);

    /** Records that {@code chain} was found trusted, a verdict that may hold at most until {@code until}. */
    void remember(X509Certificate[] chain, Instant until);
}
