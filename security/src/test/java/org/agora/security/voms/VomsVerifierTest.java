package org.agora.security.voms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.agora.security.ca.AttributeAuthority;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.GridIdentity;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real VOMS attribute certificates, made with the VOMS project's own generator and signed by an
 * attribute authority's host certificate, embedded in proxies as voms-proxy-init embeds them.
 */
class VomsVerifierTest {
    static final List<String> FQANS = List.of("/atlas/Role=NULL/Capability=NULL",
            "/atlas/higgs/Role=NULL/Capability=NULL");

    @TempDir
    static Path dir;
    static CertificateAuthority ca;
    static GridCredential user;
    static GridCredential authority;
    static Path certificates;
    static Path vomsdir;

    @BeforeAll
    static void makeGrid() throws Exception {
        ca = CertificateAuthority.create("/DC=org/DC=agora-voms/CN=VOMS Test CA", Duration.ofDays(2));
        certificates = dir.resolve("certificates");
        ca.installInto(certificates);
        user = ca.issueUser("Jane Doe", Duration.ofDays(1));
        authority = ca.issueHost("voms.example.org", Duration.ofDays(1));
        vomsdir = dir.resolve("vomsdir");
        new AttributeAuthority(authority, "atlas", "voms.example.org").installInto(vomsdir);
    }

    /** A proxy carrying one AC issued by {@code signer} for {@code vo}, valid until {@code notAfter}. */
    static GridCredential proxyWithAc(GridCredential signer, String vo, String host, Instant notAfter)
            throws Exception {
        return new AttributeAuthority(signer, vo, host).proxyWithAttributes(user, FQANS,
                notAfter.minus(Duration.ofHours(2)), notAfter, Duration.ofHours(1));
    }

    @Test
    void fqansFromAnAttributeAuthorityTheVomsdirListsAreTrusted() throws Exception {
        Instant until = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        GridCredential proxy = proxyWithAc(authority, "atlas", "voms.example.org", until);
        try (VomsVerifier verifier = new VomsVerifier(vomsdir, certificates)) {
            GridIdentity id = verifier.identify(proxy.chain());
            assertEquals("/DC=org/DC=agora-voms/CN=Jane Doe", id.dn());
            assertEquals(FQANS, id.fqans());
            assertEquals(until, id.fqansNotAfter(), "the attributes are valid as long as their AC");
        }
    }

    @Test
    void acsFromUnlistedAuthoritiesOrExpiredAreIgnoredNeverTrusted() throws Exception {
        GridCredential impostor = ca.issueHost("evil.example.org", Duration.ofDays(1));
        GridCredential forged = proxyWithAc(impostor, "atlas", "voms.example.org", Instant.now().plusSeconds(3600));
        // Beyond the 5 minutes of clock skew VOMS tolerates.
        GridCredential expired = proxyWithAc(authority, "atlas", "voms.example.org", Instant.now().minusSeconds(3600));
        try (VomsVerifier verifier = new VomsVerifier(vomsdir, certificates)) {
            assertTrue(verifier.identify(forged.chain()).fqans().isEmpty(), "an AC signed by an unlisted AA");
            assertTrue(verifier.identify(expired.chain()).fqans().isEmpty(), "an expired AC");
            assertTrue(verifier.identify(user.chain()).fqans().isEmpty(), "no AC at all");
        }
    }

    @Test
    void vomsProxyInfoReadsTheSameAttributes() throws Exception {
        RealPeer.require("voms-proxy-info", Files.isExecutable(Path.of("/usr/bin/voms-proxy-info")),
                "Debian package voms-clients-java");
        GridCredential proxy = proxyWithAc(authority, "atlas", "voms.example.org", Instant.now().plusSeconds(3600));
        Path file = dir.resolve("voms-proxy.pem");
        proxy.writeProxyFile(file);
        ProcessBuilder pb = new ProcessBuilder("voms-proxy-info", "--file", file.toString(), "--fqan")
                .redirectErrorStream(true);
        pb.environment().put("X509_CERT_DIR", certificates.toString());
        pb.environment().put("X509_VOMS_DIR", vomsdir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals(FQANS, out.lines().map(String::strip).toList());
    }
}
