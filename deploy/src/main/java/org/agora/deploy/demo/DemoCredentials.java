package org.agora.deploy.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's grid credentials, laid out as a site and a user have them: a CA directory, a host
 * certificate and key, a user certificate and key, and a 12-hour proxy. Made once with a
 * development CA; the proxy is renewed when it has expired.
 */
public record DemoCredentials(Path certificatesDir, Path hostCert, Path hostKey, Path userCert, Path userKey,
                              Path userProxy) {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCredentials.class);
    static final String CA_DN = "/DC=org/DC=agora-demo/CN=Agora Demo CA";

    /** Creates whatever is missing under {@code dataDir}. */
    public static DemoCredentials ensure(Path dataDir) throws IOException, CredentialException {
        Path caDir = dataDir.resolve("ca");
        DemoCredentials c = new DemoCredentials(dataDir.resolve("certificates"),
                dataDir.resolve("host/hostcert.pem"), dataDir.resolve("host/hostkey.pem"),
                dataDir.resolve("user/usercert.pem"), dataDir.resolve("user/userkey.pem"),
                dataDir.resolve("user/proxy.pem"));
        Path caCert = caDir.resolve("cacert.pem");
        Path caKey = caDir.resolve("cakey.pem");
        CertificateAuthority ca;
        if (Files.exists(caCert)) {
            ca = CertificateAuthority.load(caCert, caKey);
        } else {
            LOG.info("event=demo.ca.create dn=\"{}\" dir={}", CA_DN, caDir);
            Files.createDirectories(caDir);
            ca = CertificateAuthority.create(CA_DN, Duration.ofDays(3650));
            ca.save(caCert, caKey);
            Files.createDirectories(c.certificatesDir());
            ca.installInto(c.certificatesDir());
        }
        if (!Files.exists(c.hostCert())) {
            Files.createDirectories(c.hostCert().getParent());
            ca.issueHost("localhost", Duration.ofDays(365)).writeCertificateAndKey(c.hostCert(), c.hostKey());
        }
        if (!Files.exists(c.userCert())) {
            Files.createDirectories(c.userCert().getParent());
            ca.issueUser("Demo User", Duration.ofDays(365)).writeCertificateAndKey(c.userCert(), c.userKey());
        }
        if (!Files.exists(c.userProxy())
                || GridCredential.fromProxyFile(c.userProxy()).notAfter().isBefore(Instant.now().plusSeconds(600))) {
            GridCredential user = GridCredential.fromCertificateAndKey(c.userCert(), c.userKey());
            ProxyFactory.createProxy(user, Duration.ofHours(12), ProxyType.RFC3820_IMPERSONATION, 2048)
                    .writeProxyFile(c.userProxy());
        }
        return c;
    }
}
