package org.agora.security.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A verdict on a peer's chain is kept only while it cannot change: not past expiry, not past a new CRL. */
class PeerChainCheckTest {
    @TempDir
    Path dir;

    @Test
    void aChainFoundValidIsRefusedOnceItsProxyHasExpired() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(dir);
        GridCredential proxy = ProxyFactory.createProxy(ca.issueUser("Jane", Duration.ofDays(1)),
                Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(dir))) {
            PeerChainCheck check = new PeerChainCheck(validator, clock);
            check.check(proxy.chain());
            check.check(proxy.chain());
            now.set(proxy.certificate().getNotAfter().toInstant().plusSeconds(1));
            ChainRejectedException e = assertThrows(ChainRejectedException.class, () -> check.check(proxy.chain()));
            assertTrue(e.has(ChainValidator.NOT_VALID_AT), e.getMessage());
        }
    }

    @Test
    void aChainFoundValidIsRefusedOnceTheDirectoryBringsACrlRevokingIt() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(dir);
        GridCredential user = ca.issueUser("Soon Revoked", Duration.ofDays(1));
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                2048);
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(dir), Duration.ofMillis(200))) {
            PeerChainCheck check = new PeerChainCheck(validator, Clock.systemUTC());
            check.check(proxy.chain());
            long before = validator.generation();
            ca.publishCrl(dir, Duration.ofDays(1), user.certificate());
            await().atMost(Duration.ofSeconds(20)).until(() -> validator.generation() != before);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                ChainRejectedException e = assertThrows(ChainRejectedException.class, () -> check.check(proxy.chain()));
                assertTrue(e.has("certRevoked"), e.getMessage());
            });
        }
    }
}
