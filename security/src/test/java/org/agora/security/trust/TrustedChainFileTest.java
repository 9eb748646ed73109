package org.agora.security.trust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agora command may take from a verdict remembered from an earlier call, and when it must
 * ask the validator again: a changed CA directory, a lapsed certificate, CRL or bound.
 */
class TrustedChainFileTest {
    @TempDir
    Path dir;

    private Path certificates;
    private Path file;
    private CertificateAuthority ca;
    private GridCredential user;

    @BeforeEach
    void site() throws Exception {
        certificates = Files.createDirectories(dir.resolve("certificates"));
        file = dir.resolve("home/trusted-chains");
        ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(certificates);
        user = ca.issueUser("Remembered", Duration.ofDays(1));
    }

    @Test
    void aChainFoundTrustedIsRememberedForTheNextCall() throws Exception {
        X509Certificate[] proxy = proxy(user).chain();
        validateInANewCall(proxy);
        assertTrue(memory(Clock.systemUTC()).trusted(proxy));
        assertFalse(memory(Clock.systemUTC()).trusted(proxy(user).chain()), "another proxy is another chain");
    }

    @Test
    void aCrlPublishedSinceIsHonouredOnTheNextCall() throws Exception {
        X509Certificate[] proxy = proxy(user).chain();
        validateInANewCall(proxy);
        ca.publishCrl(certificates, Duration.ofDays(1), user.certificate());
        assertFalse(memory(Clock.systemUTC()).trusted(proxy));
        ChainRejectedException e = assertThrows(ChainRejectedException.class, () -> validateInANewCall(proxy));
        assertTrue(e.has("certRevoked"), e.getMessage());
    }

    @Test
    void aCaRemovedSinceIsHonouredOnTheNextCall() throws Exception {
        X509Certificate[] proxy = proxy(user).chain();
        validateInANewCall(proxy);
        try (var files = Files.list(certificates)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".0")).toList()) {
                Files.delete(f);
            }
        }
        assertFalse(memory(Clock.systemUTC()).trusted(proxy));
    }

    @Test
    void aVerdictLapsesAtTheBoundAndAtTheEndOfTheChain() throws Exception {
        GridCredential shortProxy = ProxyFactory.createProxy(user, Duration.ofMinutes(30),
                ProxyType.RFC3820_IMPERSONATION, 2048);
        validateInANewCall(shortProxy.chain());
        X509Certificate[] longChain = ca.issueUser("Long", Duration.ofDays(1)).chain();
        validateInANewCall(longChain);
        assertTrue(memory(in(Duration.ofMinutes(29))).trusted(shortProxy.chain()));
        assertFalse(memory(in(Duration.ofMinutes(31))).trusted(shortProxy.chain()), "past the proxy's end");
        assertTrue(memory(in(Duration.ofMinutes(59))).trusted(longChain));
        assertFalse(memory(in(Duration.ofMinutes(61))).trusted(longChain), "past the bound");
    }

    @Test
    void aVerdictLapsesAtTheNextUpdateOfACrl() throws Exception {
        ca.publishCrl(certificates, Duration.ofMinutes(10));
        X509Certificate[] proxy = proxy(user).chain();
        validateInANewCall(proxy);
        assertTrue(memory(in(Duration.ofMinutes(9))).trusted(proxy));
        assertFalse(memory(in(Duration.ofMinutes(11))).trusted(proxy));
    }

    @Test
    void aRefusedChainIsNotRememberedAndIsRefusedWithItsCodeAgain() throws Exception {
        GridCredential outside = ca.issue(DistinguishedNames.fromSlash("/DC=org/DC=elsewhere/CN=Outside"),
                Duration.ofDays(1), null, KeyPurposeId.id_kp_clientAuth);
        for (int call = 0; call < 2; call++) {
            ChainRejectedException e = assertThrows(ChainRejectedException.class,
                    () -> validateInANewCall(outside.chain()));
            assertTrue(e.has("nsNotAccepted") || e.has("nsDeny"), e.getMessage());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void aDamagedFileIsValidatedPastAndReplaced() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a verdict\n" + "0".repeat(64) + " x y\n");
        X509Certificate[] proxy = proxy(user).chain();
        assertFalse(memory(Clock.systemUTC()).trusted(proxy));
        validateInANewCall(proxy);
        assertTrue(memory(Clock.systemUTC()).trusted(proxy));
    }

    /** As one run of the command does it: a new validator, remembering in the file. */
    private void validateInANewCall(X509Certificate[] chain) throws Exception {
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(certificates),
                ChainValidator.DEFAULT_REREAD, memory(Clock.systemUTC()))) {
            validator.validate(chain);
        }
    }

    private TrustedChainFile memory(Clock clock) {
        return new TrustedChainFile(file, certificates, Duration.ofHours(1), clock);
    }

    private static Clock in(Duration later) {
        return Clock.fixed(Instant.now().plus(later), ZoneOffset.UTC);
    }

    private static GridCredential proxy(GridCredential of) throws Exception {
        return ProxyFactory.createProxy(of, Duration.ofHours(12), ProxyType.RFC3820_IMPERSONATION, 2048);
    }
}
