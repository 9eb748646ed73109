package org.agora.security.trust;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a site's CA directory decides: namespaces, revocation, and changes without a restart. */
class CaDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void aCaMayOnlySignInsideTheNamespaceItsSigningPolicyGrants() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(dir);
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(dir))) {
            validator.validate(ca.issueUser("Inside", Duration.ofDays(1)).chain());
            GridCredential outside = ca.issue(DistinguishedNames.fromSlash("/DC=org/DC=elsewhere/CN=Outside"),
                    Duration.ofDays(1), null, KeyPurposeId.id_kp_clientAuth);
            ChainRejectedException e = assertThrows(ChainRejectedException.class,
                    () -> validator.validate(outside.chain()));
            assertTrue(e.has("nsNotAccepted") || e.has("nsDeny"), e.getMessage());
        }
    }

    @Test
    void aDirectoryWithOnlyOldStyleHashNamesIsTrustedToo() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Old Style CA", Duration.ofDays(1));
        Path staging = dir.resolve("staging");
        ca.installInto(staging);
        Path certificates = java.nio.file.Files.createDirectories(dir.resolve("old-only"));
        String old = SubjectHashes.old(ca.certificate().getSubjectX500Principal());
        for (String suffix : new String[] {".0", ".signing_policy"}) {
            java.nio.file.Files.copy(staging.resolve(old + suffix), certificates.resolve(old + suffix));
        }
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(certificates))) {
            validator.validate(ProxyFactory.createProxy(ca.issueUser("Legacy Site User", Duration.ofDays(1)),
                    Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048).chain());
        }
    }

    @Test
    void aRevokedUsersProxiesAreRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(dir);
        GridCredential revoked = ca.issueUser("Revoked", Duration.ofDays(1));
        GridCredential kept = ca.issueUser("Kept", Duration.ofDays(1));
        ca.publishCrl(dir, Duration.ofDays(1), revoked.certificate());
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(dir))) {
            validator.validate(ProxyFactory.createProxy(kept, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                    2048).chain());
            GridCredential proxy = ProxyFactory.createProxy(revoked, Duration.ofHours(1),
                    ProxyType.RFC3820_IMPERSONATION, 2048);
            ChainRejectedException e = assertThrows(ChainRejectedException.class,
                    () -> validator.validate(proxy.chain()));
            assertTrue(e.has("certRevoked"), e.getMessage());
        }
    }

    @Test
    void aCaAddedToTheDirectoryIsTrustedWithoutARestart() throws Exception {
        CertificateAuthority first = CertificateAuthority.create("/DC=org/DC=one/CN=First CA", Duration.ofDays(1));
        first.installInto(dir);
        CertificateAuthority second = CertificateAuthority.create("/DC=org/DC=two/CN=Second CA", Duration.ofDays(1));
        GridCredential user = second.issueUser("Newcomer", Duration.ofDays(1));
        try (ChainValidator validator = new ChainValidator(TrustAnchors.fromDirectory(dir), Duration.ofMillis(200))) {
            assertThrows(ChainRejectedException.class, () -> validator.validate(user.chain()));
            second.installInto(dir);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> validator.validate(user.chain()));
        }
    }
}
