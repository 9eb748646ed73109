package org.agora.client.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.client.cli.AgoraCommand;
import org.agora.client.cli.CliEnvironment;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proxies made by the grid's own tools (Debian's globus-proxy-utils and voms-clients-java) are read
 * and validated as those tools mean them, and proxies `agora proxy-init` writes read back in
 * grid-proxy-info exactly as ours say. Skipped, with the reason, where the tools are not installed;
 * .ci/run installs them.
 */
class GridProxyToolsInteropTest {
    static final String USER_DN = "/DC=org/DC=agora-interop/CN=Jane Doe";

    @TempDir
    static Path dir;
    static Path certDir;
    static Path userCert;
    static Path userKey;
    static CertificateAuthority ca;

    @BeforeAll
    static void makeUserAndCa() throws Exception {
        ca = CertificateAuthority.create("/DC=org/DC=agora-interop/CN=Interop CA", Duration.ofDays(2));
        certDir = dir.resolve("certificates");
        ca.installInto(certDir);
        userCert = dir.resolve("usercert.pem");
        userKey = dir.resolve("userkey.pem");
        ca.issueUser("Jane Doe", Duration.ofDays(1)).writeCertificateAndKey(userCert, userKey);
    }

    private static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }

    private static String run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("X509_CERT_DIR", certDir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + " said: " + out);
        return out.strip();
    }

    private static String agora(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AgoraCommand.run(new CliEnvironment(Map.of("X509_CERT_DIR", certDir.toString()), dir, 4242,
                new PrintWriter(out), new PrintWriter(err)), args);
        assertEquals(0, code, "agora " + String.join(" ", args) + ": " + err);
        return out.toString().strip();
    }

    @ParameterizedTest(name = "grid-proxy-init {0}")
    @CsvSource({"-rfc, RFC3820_IMPERSONATION", "-old, LEGACY_FULL", "-limited, RFC3820_LIMITED"})
    void proxiesFromGridProxyInitAreValidatedAndDescribedAsGridProxyInfoDoes(String flag, ProxyType expected)
            throws Exception {
        RealPeer.require("grid-proxy-init", installed("grid-proxy-init"), "Debian package globus-proxy-utils");
        Path proxy = dir.resolve("gpi" + flag + ".pem");
        List<String> cmd = new ArrayList<>(List.of("grid-proxy-init", "-cert", userCert.toString(), "-key",
                userKey.toString(), "-certdir", certDir.toString(), "-out", proxy.toString(), "-hours", "1"));
        cmd.add(flag);
        run(cmd);

        GridCredential credential = GridCredential.fromProxyFile(proxy);
        new ChainValidator(TrustAnchors.fromDirectory(certDir)).validate(credential.chain(), Instant.now());
        assertEquals(USER_DN, credential.identity().dn());
        assertEquals(expected, credential.identity().proxyType());

        for (String field : new String[] {"-subject", "-issuer", "-identity", "-type", "-strength", "-path"}) {
            assertEquals(run(List.of("grid-proxy-info", "-file", proxy.toString(), field)),
                    agora("proxy-info", "-file", proxy.toString(), field), field);
        }
        long theirs = Long.parseLong(run(List.of("grid-proxy-info", "-file", proxy.toString(), "-timeleft")));
        long ours = Long.parseLong(agora("proxy-info", "-file", proxy.toString(), "-timeleft"));
        assertTrue(Math.abs(theirs - ours) <= 2, theirs + " vs " + ours);
    }

    @ParameterizedTest(name = "agora proxy-init {0}")
    @CsvSource({"-rfc, RFC 3820 compliant impersonation proxy", "-old, full legacy globus proxy",
        "-limited, RFC 3820 compliant limited proxy"})
    void proxiesFromAgoraProxyInitReadInGridProxyInfoAsOursSay(String flag, String typeLine) throws Exception {
        RealPeer.require("grid-proxy-info", installed("grid-proxy-info"), "Debian package globus-proxy-utils");
        Path proxy = dir.resolve("agora" + flag + ".pem");
        String said = agora("proxy-init", "-cert", userCert.toString(), "-key", userKey.toString(), "-out",
                proxy.toString(), "-hours", "2", flag);
        assertTrue(said.startsWith("Your identity: " + USER_DN), said);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(proxy)));

        assertEquals(USER_DN, run(List.of("grid-proxy-info", "-file", proxy.toString(), "-identity")));
        assertEquals(typeLine, run(List.of("grid-proxy-info", "-file", proxy.toString(), "-type")));
        assertEquals(agora("proxy-info", "-file", proxy.toString(), "-subject"),
                run(List.of("grid-proxy-info", "-file", proxy.toString(), "-subject")));
        long theirs = Long.parseLong(run(List.of("grid-proxy-info", "-file", proxy.toString(), "-timeleft")));
        assertTrue(Math.abs(theirs - 7200) <= 10, "grid-proxy-info sees " + theirs + " s left of 2 h");
        run(List.of("grid-proxy-info", "-file", proxy.toString(), "-exists", "-valid", "1:30"));
    }

    @org.junit.jupiter.api.Test
    void aPassPhraseProtectedKeyIsReadWithPwstdinAsGridProxyInitReadsIt() throws Exception {
        RealPeer.require("openssl and grid-proxy-info", installed("grid-proxy-info") && installed("openssl"),
                "Debian packages openssl and globus-proxy-utils");
        Path encrypted = dir.resolve("userkey-encrypted.pem");
        run(List.of("openssl", "rsa", "-in", userKey.toString(), "-aes256", "-passout", "pass:correct horse",
                "-traditional", "-out", encrypted.toString()));
        Files.setPosixFilePermissions(encrypted, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        Path proxy = dir.resolve("pwstdin.pem");
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
            agora("proxy-init", "-cert", userCert.toString(), "-key", encrypted.toString(), "-out", proxy.toString(),
                    "-pwstdin", "-q");
        } finally {
            System.setIn(stdin);
        }
        assertEquals(USER_DN, run(List.of("grid-proxy-info", "-file", proxy.toString(), "-identity")));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new java.io.ByteArrayInputStream("wrong\n".getBytes(StandardCharsets.UTF_8)));
            int code = AgoraCommand.run(new CliEnvironment(Map.of(), dir, 4242, new PrintWriter(out),
                    new PrintWriter(err)), "proxy-init", "-cert", userCert.toString(), "-key", encrypted.toString(),
                    "-out", dir.resolve("never.pem").toString(), "-pwstdin");
            assertEquals(1, code);
            assertTrue(err.toString().contains("wrong pass phrase"), err.toString());
        } finally {
            System.setIn(stdin);
        }
    }

    @ParameterizedTest(name = "voms-proxy-init {0}")
    @CsvSource({"--rfc, RFC3820_IMPERSONATION", "--limited, RFC3820_LIMITED"})
    void plainProxiesFromVomsProxyInitAreAccepted(String flag, ProxyType expected) throws Exception {
        RealPeer.require("voms-proxy-init", installed("voms-proxy-init"), "Debian package voms-clients-java");
        Path proxy = dir.resolve("voms" + flag + ".pem");
        run(List.of("voms-proxy-init", "--cert", userCert.toString(), "--key", userKey.toString(), "--certdir",
                certDir.toString(), "--out", proxy.toString(), "--valid", "1:00", flag));
        GridCredential credential = GridCredential.fromProxyFile(proxy);
        new ChainValidator(TrustAnchors.fromDirectory(certDir)).validate(credential.chain(), Instant.now());
        assertEquals(USER_DN, credential.identity().dn());
        assertEquals(expected, credential.identity().proxyType());
    }
}
