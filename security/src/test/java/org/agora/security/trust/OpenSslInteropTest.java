package org.agora.security.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What we write must be what OpenSSL, and so every Globus tool, reads. */
class OpenSslInteropTest {
    @TempDir
    Path dir;

    private static String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static boolean opensslPresent() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void caFilesAreNamedWithBothOpenSslSubjectHashesAndProxiesVerify() throws Exception {
        RealPeer.require("openssl", opensslPresent(), "Debian package openssl");
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=Agora Test/CN=Test  CA", Duration.ofDays(2));
        Path certs = dir.resolve("certificates");
        ca.installInto(certs);
        ca.save(dir.resolve("ca.pem"), dir.resolve("ca.key"));
        String current = openssl("x509", "-noout", "-hash", "-in", dir.resolve("ca.pem").toString());
        String old = openssl("x509", "-noout", "-subject_hash_old", "-in", dir.resolve("ca.pem").toString());
        assertTrue(Files.exists(certs.resolve(current + ".0")), "missing " + current + ".0");
        assertTrue(Files.exists(certs.resolve(old + ".0")), "missing " + old + ".0");
        assertTrue(Files.exists(certs.resolve(current + ".signing_policy")));

        GridCredential user = ca.issueUser("Jane Doe", Duration.ofDays(1));
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
        Path proxyFile = dir.resolve("proxy.pem");
        proxy.writeProxyFile(proxyFile);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(proxyFile)));
        user.writeCertificateAndKey(dir.resolve("usercert.pem"), dir.resolve("userkey.pem"));
        String verified = openssl("verify", "-allow_proxy_certs", "-CApath", certs.toString(),
                "-untrusted", dir.resolve("usercert.pem").toString(), proxyFile.toString());
        assertTrue(verified.endsWith("OK"), verified);
        // The key OpenSSL reads from the proxy file is the one the proxy certificate certifies.
        String certModulus = openssl("x509", "-noout", "-modulus", "-in", proxyFile.toString());
        String keyModulus = openssl("rsa", "-noout", "-modulus", "-in", proxyFile.toString());
        assertEquals(certModulus, keyModulus);
    }
}
