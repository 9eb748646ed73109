package org.agora.security.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.TrustAnchors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProxyChainTest {
    static CertificateAuthority ca;
    static GridCredential user;
    static ChainValidator validator;

    @BeforeAll
    static void makeCa() {
        ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(30));
        user = ca.issueUser("Jane Doe", Duration.ofDays(10));
        validator = new ChainValidator(TrustAnchors.of(ca.certificate()));
    }

    @ParameterizedTest
    @EnumSource(value = ProxyType.class, names = {"RFC3820_IMPERSONATION", "RFC3820_INDEPENDENT", "RFC3820_LIMITED",
        "DRAFT_IMPERSONATION", "DRAFT_LIMITED", "LEGACY_FULL", "LEGACY_LIMITED"})
    void everyKindOfProxyValidatesAndCarriesTheUsersIdentity(ProxyType type) throws Exception {
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(12), type, 2048);
        validator.validate(proxy.chain(), Instant.now());
        GridIdentity id = proxy.identity();
        assertEquals("/DC=org/DC=agora-test/CN=Jane Doe", id.dn());
        assertEquals("CN=Jane Doe,DC=agora-test,DC=org", id.rfc2253());
        assertEquals(type, id.proxyType());
        assertEquals(type.isLimited(), id.isLimited());
    }

    @Test
    void aProxyNeverOutlivesTheCertificateThatSignsIt() throws Exception {
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofDays(100), ProxyType.RFC3820_IMPERSONATION, 2048);
        assertEquals(user.notAfter(), proxy.notAfter());
    }

    @Test
    void aFullProxyBelowALimitedOneIsStillLimited() throws Exception {
        GridCredential limited = ProxyFactory.createProxy(user, Duration.ofHours(2), ProxyType.LEGACY_LIMITED, 2048);
        GridCredential below = ProxyFactory.createProxy(limited, Duration.ofHours(1), ProxyType.LEGACY_LIMITED, 2048);
        validator.validate(below.chain(), Instant.now());
        assertTrue(below.identity().isLimited());
        GridCredential full = ProxyFactory.createProxy(limited, Duration.ofHours(1), ProxyType.LEGACY_FULL, 2048);
        ChainRejectedException e = assertThrows(ChainRejectedException.class,
                () -> validator.validate(full.chain(), Instant.now()));
        assertTrue(e.has(ChainValidator.FULL_BELOW_LIMITED), e.getMessage());
    }

    @Test
    void pathLengthConstraintsAreEnforced() throws Exception {
        GridCredential noMore = ProxyFactory.createProxy(user, Duration.ofHours(2), ProxyType.RFC3820_IMPERSONATION,
                2048, 0);
        validator.validate(noMore.chain(), Instant.now());
        GridCredential beyond = ProxyFactory.createProxy(noMore, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                2048);
        ChainRejectedException e = assertThrows(ChainRejectedException.class,
                () -> validator.validate(beyond.chain(), Instant.now()));
        assertTrue(e.has("proxyLength"), e.getMessage());
    }

    @Test
    void expiredProxiesAndUntrustedCasAreRefusedWithTheReason() throws Exception {
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
        ChainRejectedException late = assertThrows(ChainRejectedException.class,
                () -> validator.validate(proxy.chain(), Instant.now().plus(Duration.ofHours(2))));
        assertTrue(late.has(ChainValidator.NOT_VALID_AT), late.getMessage());
        assertEquals(0, late.problems().get(0).position(), "the proxy, not the user certificate, has expired");

        CertificateAuthority rogue = CertificateAuthority.create("/DC=org/DC=rogue/CN=Rogue CA", Duration.ofDays(1));
        GridCredential stranger = ProxyFactory.createProxy(rogue.issueUser("Eve", Duration.ofDays(1)),
                Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
        ChainRejectedException untrusted = assertThrows(ChainRejectedException.class,
                () -> validator.validate(stranger.chain(), Instant.now()));
        assertTrue(untrusted.has("noTrustAnchorFound"), untrusted.getMessage());
        assertTrue(untrusted.getMessage().contains("/DC=org/DC=rogue/CN=Eve"), untrusted.getMessage());
    }

    @Test
    void aProxySignedByAnotherUsersKeyIsRefused() throws Exception {
        GridCredential mallory = ca.issueUser("Mallory", Duration.ofDays(1));
        GridCredential malloryProxy = ProxyFactory.createProxy(mallory, Duration.ofHours(1),
                ProxyType.RFC3820_IMPERSONATION, 2048);
        // Mallory's proxy presented with Jane's certificate behind it.
        var forged = new java.security.cert.X509Certificate[] {malloryProxy.certificate(), user.certificate()};
        CertificateException e = assertThrows(CertificateException.class, () -> validator.validate(forged, Instant.now()));
        assertFalse(e.getMessage().isBlank());
    }
}
