package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A user whose credential a site refuses is told why, in one line, by the agora command run as the
 * launcher runs it, with no stack trace unless --debug asks; and the site logs every handshake it
 * refuses, including one whose certificate claims the site's CA's name but was signed by another key.
 */
class RefusedCredentialCliSystemTest {
    @TempDir
    static Path dir;
    static AllInOne site;
    static CertificateAuthority ca;
    static GridCredential revokedUser;
    static final ListAppender<ILoggingEvent> SERVER_LOG = new ListAppender<>();

    @BeforeAll
    static void startSite() throws Exception {
        Path siteDir = dir.resolve("site");
        DemoCredentials credentials = DemoCredentials.ensure(siteDir);
        ca = CertificateAuthority.load(siteDir.resolve("ca/cacert.pem"), siteDir.resolve("ca/cakey.pem"));
        revokedUser = ca.issueUser("Revoked User", Duration.ofHours(2));
        ca.publishCrl(credentials.certificatesDir(), Duration.ofDays(1), revokedUser.certificate());
        SERVER_LOG.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(SERVER_LOG);
        site = AllInOne.start(new AllInOne.Options(siteDir, FreePorts.next(), FreePorts.next(), "test:///default",
                database(), TestDatabases.freshName("agora_refusals"))
                .withServerSetting("agora.server.signed.endpoints", "WorkspaceStatus"));
    }

    /** The MariaDB server on 127.0.0.1:3306 when one answers, else the tests' shared embedded one. */
    private static String database() {
        return TestDatabases.serverUrls().reduce((embedded, server) -> server).orElseThrow();
    }

    @AfterAll
    static void stopSite() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .detachAppender(SERVER_LOG);
        if (site != null) {
            site.close();
        }
    }

    private static AgoraCliProcess userWith(Path credential) {
        Map<String, String> env = new HashMap<>();
        env.put("AGORA_SERVICE", site.server().baseUrl());
        env.put("X509_USER_PROXY", credential.toString());
        env.put("X509_CERT_DIR", site.credentials().certificatesDir().toString());
        env.put("HOME", dir.resolve("home").toString());
        return new AgoraCliProcess(env);
    }

    private static Path proxyFile(String name, GridCredential proxy) throws Exception {
        Path file = dir.resolve(name + ".pem");
        proxy.writeProxyFile(file);
        return file;
    }

    private static GridCredential proxyOf(GridCredential user) throws Exception {
        return ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
    }

    /** Runs a call with the credential and returns the one line the user read. */
    private static String refusal(Path credential, String code) throws Exception {
        AgoraCli.Run run = userWith(credential).run("bank", "balance");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), "one line, no stack trace, no library logging: " + run.err());
        String line = run.err().strip();
        assertTrue(line.startsWith("agora: your credential " + credential), line);
        assertTrue(line.endsWith("[" + code + "]"), "ends with the code the site's log would show: " + line);
        return line;
    }

    @Test
    void aRevokedUserIsToldTheCertificateIsRevoked() throws Exception {
        String line = refusal(proxyFile("revoked", proxyOf(revokedUser)), "certRevoked");
        assertTrue(line.contains("/CN=Revoked User") && line.contains("is revoked by its CA's CRL"), line);
    }

    /** The chains a call found trusted are remembered for the next calls, but not past a new CRL. */
    @Test
    void aUserRevokedAfterACallIsRefusedOnTheNextOne() throws Exception {
        GridCredential user = ca.issueUser("Revoked Later", Duration.ofHours(2));
        Path proxy = proxyFile("revoked-later", proxyOf(user));
        AgoraCli.Run accepted = userWith(proxy).run("workspace", "list", "--sign");
        assertEquals(0, accepted.exit(), accepted.out() + accepted.err());
        assertTrue(java.nio.file.Files.size(dir.resolve("home/.agora/trusted-chains")) > 0);
        ca.publishCrl(site.credentials().certificatesDir(), Duration.ofDays(1), revokedUser.certificate(),
                user.certificate());
        String line = refusal(proxy, "certRevoked");
        assertTrue(line.contains("/CN=Revoked Later"), line);
    }

    @Test
    void aCertificateOutsideItsCasNamespaceIsNamedSo() throws Exception {
        GridCredential outside = ca.issue(DistinguishedNames.fromSlash("/DC=org/DC=elsewhere/CN=Outside"),
                Duration.ofHours(2), null, KeyPurposeId.id_kp_clientAuth);
        AgoraCli.Run run = userWith(proxyFile("outside", proxyOf(outside))).run("bank", "balance");
        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("/DC=org/DC=elsewhere/CN=Outside is outside the names its CA")
                && (run.err().strip().endsWith("[nsNotAccepted]") || run.err().strip().endsWith("[nsDeny]")), run.err());
    }

    @Test
    void aProxyBeyondItsPathLengthIsNamedSo() throws Exception {
        GridCredential user = ca.issueUser("Path Length User", Duration.ofHours(2));
        GridCredential noFurther = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                2048, 0);
        String line = refusal(proxyFile("too-deep", proxyOf(noFurther)), "proxyLength");
        assertTrue(line.contains("more proxies than a proxy in it allows") && line.contains("grid-proxy-init"), line);
    }

    @Test
    void aCertificateFromAnotherKeyUnderTheSitesCaNameIsCalledForged() throws Exception {
        String line = refusal(proxyFile("forged", proxyOf(forgedUser())), "signatureNotVerified");
        assertTrue(line.contains("names " + DistinguishedNames.toSlash(ca.certificate().getSubjectX500Principal())
                + " as its issuer, but that CA's key") && line.contains("forged"), line);
    }

    @Test
    void aCertificateFromAnUnknownCaNamesTheCa() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create("/DC=org/DC=rogue/CN=Rogue CA", Duration.ofDays(1));
        String line = refusal(proxyFile("rogue", proxyOf(rogue.issueUser("Eve", Duration.ofHours(2)))),
                "noTrustAnchorFound");
        assertTrue(line.contains("was issued by /DC=org/DC=rogue/CN=Rogue CA, which is not among the trusted CAs"),
                line);
    }

    @Test
    void anExpiredProxySaysWhenItExpired() throws Exception {
        GridCredential user = ca.issueUser("Late User", Duration.ofHours(2));
        Path expired = proxyFile("expired", ProxyFactory.createProxy(user, Duration.ofMinutes(-1),
                ProxyType.RFC3820_IMPERSONATION, 2048));
        String line = refusal(expired, "certificateExpired");
        assertTrue(line.contains("expired at") && line.contains("grid-proxy-init"), line);
    }

    @Test
    void debugPrintsTheStackTrace() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create("/DC=org/DC=rogue/CN=Rogue CA", Duration.ofDays(1));
        Path credential = proxyFile("rogue-debug", proxyOf(rogue.issueUser("Eve", Duration.ofHours(2))));
        AgoraCli.Run run = userWith(credential).run("bank", "balance", "--debug");
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("agora: your credential "), run.err());
        assertTrue(run.err().contains("\tat org.agora.client.cli.ConnectionOptions.tls")
                && run.err().contains("Caused by: org.agora.security.trust.ChainRejectedException"), run.err());
    }

    @Test
    void anUnsignedCallToASignedEndpointIsToldToSign() throws Exception {
        AgoraCliProcess user = userWith(site.credentials().userProxy());
        AgoraCli.Run unsigned = user.run("workspace", "list");
        assertEquals(1, unsigned.exit());
        assertEquals(1, unsigned.err().lines().count(), "one line, no stack trace: " + unsigned.err());
        assertTrue(unsigned.err().contains("/WorkspaceStatus requires signed messages: use --sign"), unsigned.err());
        AgoraCli.Run signed = user.run("workspace", "list", "--sign");
        assertEquals(0, signed.exit(), signed.err());
    }

    @Test
    void theServerLogsAHandshakeRefusedForACertificateSignedByAnotherKeyUnderItsCasName() throws Exception {
        GridCredential forged = proxyOf(forgedUser());
        TlsMaterial tls = new TlsMaterial(forged, TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
        int port = java.net.URI.create(site.server().baseUrl()).getPort();
        try (SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /agora/Bank?wsdl HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "the server answers nothing");
        } catch (IOException refused) {
            // The alert or the cut connection: either way, the server refused.
        }
        String subject = DistinguishedNames.toSlash(forged.certificate().getSubjectX500Principal());
        await().atMost(Duration.ofSeconds(20)).until(() -> lines().stream().anyMatch(l ->
                l.contains("event=tls.peer_rejected") && l.contains("127.0.0.1") && l.contains(subject)
                        && l.contains("signatureNotVerified")));
        List<String> refusals = lines().stream().filter(l -> l.contains(subject)).toList();
        assertEquals(1, refusals.size(), "one line per refused handshake: " + refusals);
        assertFalse(refusals.get(0).contains("\n"), refusals.get(0));
    }

    @Test
    void theServerLogsAHandshakeRefusedForWantOfAClientCertificate() throws Exception {
        TlsMaterial trust = new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()),
                TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
        javax.net.ssl.SSLContext anonymous = javax.net.ssl.SSLContext.getInstance("TLS");
        anonymous.init(null, trust.trustManagers(), null);
        int port = java.net.URI.create(site.server().baseUrl()).getPort();
        SSLSocket anonymousSocket = (SSLSocket) anonymous.getSocketFactory().createSocket("localhost", port);
        int localPort = anonymousSocket.getLocalPort();
        try (SSLSocket socket = anonymousSocket) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /agora/Bank?wsdl HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "the server answers nothing");
        } catch (IOException refused) {
            // The alert or the cut connection: either way, the server refused.
        }
        String peer = "127.0.0.1:" + localPort;
        await().atMost(Duration.ofSeconds(20)).until(() -> lines().stream().anyMatch(l ->
                l.contains("event=tls.peer_rejected") && l.contains(peer) && l.contains("NO_CLIENT_CERTIFICATE")));
        assertEquals(1, lines().stream().filter(l -> l.contains(peer)).count(), "one line: " + lines());
    }

    /** A user certificate under the site CA's name, signed by a different key. */
    private static GridCredential forgedUser() {
        CertificateAuthority impostor = CertificateAuthority.create(
                DistinguishedNames.toSlash(ca.certificate().getSubjectX500Principal()), Duration.ofDays(1));
        return impostor.issueUser("Mallory " + System.nanoTime(), Duration.ofHours(2));
    }

    private static List<String> lines() {
        synchronized (SERVER_LOG) {
            return SERVER_LOG.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
