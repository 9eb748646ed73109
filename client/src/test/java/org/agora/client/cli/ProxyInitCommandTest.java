package org.agora.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.TrustAnchors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code agora proxy-init} on its own, with no grid tool installed: the proxy it writes is of the
 * type asked, private to its owner, accepted by the grid chain validator the service uses, and
 * described by {@code agora proxy-info} in grid-proxy-info's words. {@code GridProxyToolsInteropTest}
 * checks the same files against Globus's own tools where they are installed.
 */
class ProxyInitCommandTest {
    @TempDir
    Path dir;
    private Path certDir;
    private Path userCert;
    private Path userKey;
    private String userDn;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void userAndCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Proxy Test CA", Duration.ofDays(1));
        certDir = dir.resolve("certificates");
        ca.installInto(certDir);
        userCert = dir.resolve("usercert.pem");
        userKey = dir.resolve("userkey.pem");
        ca.issueUser("Jane Doe", Duration.ofDays(1)).writeCertificateAndKey(userCert, userKey);
        userDn = GridCredential.fromCertificateAndKey(userCert, userKey).identity().dn();
    }

    private String agora(Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        int code = AgoraCommand.run(new CliEnvironment(env, dir.resolve("home"), 4242, new PrintWriter(out),
                new PrintWriter(err)), args);
        assertEquals(0, code, "agora " + String.join(" ", args) + ": " + err);
        return out.toString().strip();
    }

    @ParameterizedTest(name = "agora proxy-init {0}")
    @CsvSource({"-rfc, RFC3820_IMPERSONATION, RFC 3820 compliant impersonation proxy",
        "-old, LEGACY_FULL, full legacy globus proxy",
        "-limited, RFC3820_LIMITED, RFC 3820 compliant limited proxy"})
    void writesAPrivateProxyOfTheTypeAskedThatTheGridValidatorAccepts(String flag, ProxyType type, String typeLine)
            throws Exception {
        Path proxy = dir.resolve("proxy" + flag + ".pem");
        String said = agora(Map.of(), "proxy-init", "-cert", userCert.toString(), "-key", userKey.toString(), "-out",
                proxy.toString(), "-hours", "2", flag);
        assertTrue(said.startsWith("Your identity: " + userDn), said);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(proxy)));

        GridCredential credential = GridCredential.fromProxyFile(proxy);
        new ChainValidator(TrustAnchors.fromDirectory(certDir)).validate(credential.chain(), Instant.now());
        assertEquals(userDn, credential.identity().dn());
        assertEquals(type, credential.identity().proxyType());
        Duration left = Duration.between(Instant.now(), credential.notAfter());
        assertTrue(left.compareTo(Duration.ofMinutes(110)) > 0 && left.compareTo(Duration.ofHours(2)) <= 0,
                "two hours asked, " + left + " left");

        assertEquals(typeLine, agora(Map.of(), "proxy-info", "-file", proxy.toString(), "-type"));
        assertEquals(userDn, agora(Map.of(), "proxy-info", "-file", proxy.toString(), "-identity"));
    }

    @Test
    void withoutOutItWritesWhereX509UserProxySaysAsGridProxyInitDoes() throws Exception {
        Path proxy = dir.resolve("x509up_elsewhere");
        agora(Map.of("X509_USER_PROXY", proxy.toString(), "X509_USER_CERT", userCert.toString(), "X509_USER_KEY",
                userKey.toString()), "proxy-init", "-q");
        assertEquals("", out.toString().strip(), "-q prints nothing on success");
        assertEquals(ProxyType.RFC3820_IMPERSONATION, GridCredential.fromProxyFile(proxy).identity().proxyType());
    }
}
