package org.agora.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.trust.TrustAnchors;
import org.junit.jupiter.api.Test;

/** The JDK's TLS with our managers: proxies get in, strangers do not, and the server learns who called. */
class MutualTlsTest {
    static final CertificateAuthority CA = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA",
            Duration.ofDays(2));

    /** Accepts one connection, returns the identity the client presented. */
    private static GridIdentity handshake(GridCredential client) throws Exception {
        TrustAnchors anchors = TrustAnchors.of(CA.certificate());
        TlsMaterial server = new TlsMaterial(CA.issueHost("localhost", Duration.ofDays(1)), anchors);
        try (SSLServerSocket listener = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0)) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(TlsMaterial.PROTOCOLS);
            CompletableFuture<GridIdentity> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    X509Certificate[] chain = (X509Certificate[]) s.getSession().getPeerCertificates();
                    OutputStream out = s.getOutputStream();
                    out.write(1);
                    out.flush();
                    return GridIdentity.fromChain(chain);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            TlsMaterial tls = new TlsMaterial(client, anchors);
            try (SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort())) {
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                assertEquals(1, in.read());
            }
            return seen.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProxyChainIsAcceptedAndTheServerSeesTheUser() throws Exception {
        GridCredential user = CA.issueUser("Jane Doe", Duration.ofDays(1));
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
        GridIdentity seen = handshake(proxy);
        assertEquals("/DC=org/DC=agora-test/CN=Jane Doe", seen.dn());
        assertEquals(ProxyType.RFC3820_IMPERSONATION, seen.proxyType());
    }

    @Test
    void aClientFromAnUntrustedCaFailsTheHandshake() {
        CertificateAuthority rogue = CertificateAuthority.create("/DC=org/DC=rogue/CN=Rogue CA", Duration.ofDays(1));
        GridCredential stranger = rogue.issueUser("Eve", Duration.ofDays(1));
        assertThrows(Exception.class, () -> handshake(stranger));
    }
}
