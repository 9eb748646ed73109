package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.GetDomainState;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.endpoint.AllowedCallers;
import org.agora.transport.endpoint.SecureBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's node endpoint, published as the adapter process publishes it, keeps refusing a
 * caller whose certificate the CA revoked after the caller's TLS session began: a CRL that the
 * directory re-read brings in applies to resumed sessions too.
 */
class RevokedCallerAdapterSystemTest {
    private static final String NODE = "http://agora-grid.org/namespaces/2026/11/node";
    private static final String ACTIONS = NODE + "/Node/";

    @TempDir
    Path dir;

    @Test
    void aRevokedCallerCannotDestroyADomainOverItsResumedSession() throws Exception {
        DemoCredentials credentials = DemoCredentials.ensure(dir.resolve("site"));
        CertificateAuthority ca = CertificateAuthority.load(dir.resolve("site/ca/cacert.pem"),
                dir.resolve("site/ca/cakey.pem"));
        TrustAnchors anchors = TrustAnchors.fromDirectory(credentials.certificatesDir());
        GridCredential host = GridCredential.fromCertificateAndKey(credentials.hostCert(), credentials.hostKey());
        GridCredential caller = ca.issueUser("Former Service", Duration.ofDays(1));
        // The adapter's material re-reads the CA directory often, so the test need not wait a minute for the CRL.
        TlsMaterial adapterTls = new TlsMaterial(host, anchors, Duration.ofMillis(200));
        String id = UUID.randomUUID().toString();
        URI url = URI.create("https://localhost:" + FreePorts.next() + "/agora-node/Node");
        try (SiteAdapter adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                new RawCopyStorage(dir.resolve("storage")), new Capacity(0, 0, 10_000));
             SecureBus bus = new SecureBus(adapterTls)) {
            bus.publish(url.toString(), adapter.endpoint(), List.of(new AllowedCallers(Set.of(caller.identity().dn()), "agora.adapter.service.dns")));
            assertEquals(DomainStateType.RUNNING, adapter.endpoint().deployWorkspace(deploy(id)).getStatus().getState());

            SSLContext context = new TlsMaterial(caller, anchors).sslContext();
            OneConnectionSoap.Exchange before = OneConnectionSoap.post(context, url, ACTIONS + "DescribeNodeRequest",
                    OneConnectionSoap.envelope("", "<n:DescribeNode xmlns:n=\"" + NODE + "\"/>"));
            assertEquals(200, before.status(), before.response());

            ca.publishCrl(credentials.certificatesDir(), Duration.ofDays(1), caller.certificate());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    adapterTls.validator().validate(caller.chain());
                    return false;
                } catch (ChainRejectedException e) {
                    return e.has("certRevoked");
                }
            });

            OneConnectionSoap.Exchange destroy = OneConnectionSoap.post(context, url,
                    ACTIONS + "DestroyWorkspaceRequest", OneConnectionSoap.envelope("",
                            "<n:DestroyWorkspace xmlns:n=\"" + NODE + "\"><n:WorkspaceId>" + id
                                    + "</n:WorkspaceId></n:DestroyWorkspace>"));
            assertEquals(before.sessionCreated(), destroy.sessionCreated(), "the TLS session was resumed");
            assertEquals(500, destroy.status(), destroy.response());
            assertTrue(destroy.response().contains("no longer valid") && destroy.response().contains("certRevoked"),
                    destroy.response());
            assertEquals(DomainStateType.RUNNING, state(adapter, id), "the domain is untouched");

            // And a fresh handshake is refused by the trust manager, as before.
            assertThrows(java.io.IOException.class, () -> OneConnectionSoap.post(
                    new TlsMaterial(caller, anchors).sslContext(), url, ACTIONS + "DescribeNodeRequest",
                    OneConnectionSoap.envelope("", "<n:DescribeNode xmlns:n=\"" + NODE + "\"/>")));
        }
    }

    private static DeployWorkspace deploy(String id) {
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("revocation");
        spec.setOwner("/DC=org/DC=agora-demo/CN=Demo User");
        spec.setImage("debian-12");
        spec.setVcpus(1);
        spec.setMemoryMiB(256);
        spec.setDiskMiB(16);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        return d;
    }

    private static DomainStateType state(SiteAdapter adapter, String id) throws Exception {
        GetDomainState ask = new GetDomainState();
        ask.setWorkspaceId(id);
        return adapter.endpoint().getDomainState(ask).getStatus().getState();
    }
}
