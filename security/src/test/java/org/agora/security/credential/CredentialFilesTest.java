package org.agora.security.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFilesTest {
    static CertificateAuthority ca;
    static GridCredential user;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(30));
        user = ca.issueUser("Jane Doe", Duration.ofDays(10));
    }

    @Test
    void aProxyFileReadsBackAsTheSameChainAndKey() throws Exception {
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_LIMITED, 2048);
        Path file = dir.resolve("x509up_u1000");
        proxy.writeProxyFile(file);
        GridCredential read = GridCredential.fromProxyFile(file);
        assertArrayEquals(proxy.chain(), read.chain());
        assertEquals(proxy.privateKey(), read.privateKey());
        assertTrue(read.identity().isLimited());
    }

    @Test
    void keysInEveryShapeOpenSslWritesAreReadAndAnEncryptedOneAsksForItsPassPhrase() throws Exception {
        Path cert = dir.resolve("usercert.pem");
        Path key = dir.resolve("userkey.pem");
        user.writeCertificateAndKey(cert, key);
        assertEquals(user.privateKey(), GridCredential.fromCertificateAndKey(cert, key).privateKey());

        Files.delete(key); // PKCS#8, as openssl pkcs8 -topk8 -nocrypt writes it
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(user.privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        assertEquals(user.privateKey(), GridCredential.fromCertificateAndKey(cert, key).privateKey());

        java.io.StringWriter encrypted = new java.io.StringWriter();
        try (var pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(encrypted)) {
            pem.writeObject(user.privateKey(), new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .build("secret".toCharArray()));
        }
        Files.writeString(key, encrypted.toString());
        assertThrows(EncryptedKeyException.class, () -> GridCredential.fromCertificateAndKey(cert, key));
        assertEquals(user.privateKey(),
                GridCredential.fromCertificateAndKey(cert, key, "secret".toCharArray()).privateKey());
    }

    @Test
    void aHostKeyOthersCanReadIsRefusedWithTheFix() throws Exception {
        GridCredential host = ca.issueHost("node1.example.org", Duration.ofDays(1));
        Path cert = dir.resolve("hostcert.pem");
        Path key = dir.resolve("hostkey.pem");
        host.writeCertificateAndKey(cert, key);
        assertEquals(host.identity().dn(), HostCredentials.load(cert, key).identity().dn());
        assertEquals("/DC=org/DC=agora-test/CN=host/node1.example.org", host.identity().dn());

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialException e = assertThrows(CredentialException.class, () -> HostCredentials.load(cert, key));
        assertTrue(e.getMessage().contains("chmod 600 " + key), e.getMessage());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        GridCredential other = ca.issueUser("Other", Duration.ofDays(1));
        user.writeCertificateAndKey(dir.resolve("c.pem"), dir.resolve("k.pem"));
        other.writeCertificateAndKey(dir.resolve("c2.pem"), dir.resolve("k2.pem"));
        CredentialException e = assertThrows(CredentialException.class,
                () -> GridCredential.fromCertificateAndKey(dir.resolve("c.pem"), dir.resolve("k2.pem")));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void theLocatorLooksWhereGridToolsLookInTheirOrder() throws Exception {
        Path home = dir.resolve("home");
        user.writeCertificateAndKey(home.resolve(".globus/usercert.pem"), home.resolve(".globus/userkey.pem"));
        long uid = 424242;
        Path tmpProxy = Path.of("/tmp/x509up_u" + uid);
        Files.deleteIfExists(tmpProxy);
        CredentialLocator plain = new CredentialLocator(Map.of(), home, uid);
        assertEquals(home.resolve(".globus/usercert.pem"), plain.locateFile());
        try {
            ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048)
                    .writeProxyFile(tmpProxy);
            assertEquals(tmpProxy, plain.locateFile());
            Path explicit = dir.resolve("explicit.pem");
            ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.LEGACY_FULL, 2048).writeProxyFile(explicit);
            CredentialLocator fromEnv = new CredentialLocator(Map.of("X509_USER_PROXY", explicit.toString()), home, uid);
            assertEquals(ProxyType.LEGACY_FULL, fromEnv.locate().identity().proxyType());
        } finally {
            Files.deleteIfExists(tmpProxy);
        }
        CredentialLocator missing = new CredentialLocator(Map.of("X509_USER_PROXY", "/nonexistent/proxy"), home, uid);
        CredentialException e = assertThrows(CredentialException.class, missing::locate);
        assertTrue(e.getMessage().contains("/nonexistent/proxy") && e.getMessage().contains("proxy-init"),
                e.getMessage());
        CredentialLocator nothing = new CredentialLocator(Map.of(), dir.resolve("empty-home"), uid);
        CredentialException none = assertThrows(CredentialException.class, nothing::locate);
        assertTrue(none.getMessage().contains("grid-proxy-init"), none.getMessage());
    }
}
