package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS session outlives the chain it was opened with: the JDK client resumes it from the
 * server's ticket without a handshake, so the trust manager never sees the chain again. Every call
 * must still be judged against the chain as it stands now.
 */
class ResumedSessionSystemTest {
    private static final String WS = "http://agora-grid.org/namespaces/2026/11/workspace";

    @TempDir
    Path dir;

    @Test
    void aProxyThatExpiredCannotDestroyAWorkspaceOverItsResumedSession() throws Exception {
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", server, TestDatabases.freshName("agora_it"));
        try (AllInOne site = AllInOne.start(options)) {
            TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
            GridCredential user = GridCredential.fromCertificateAndKey(site.credentials().userCert(),
                    site.credentials().userKey());
            try (WorkspaceClient owner = new WorkspaceClient(URI.create(site.server().baseUrl()),
                    new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()), anchors))) {
                CreateResponse created = owner.create(new WorkspaceRequestBuilder().image("debian-12").vcpus(1)
                        .memoryMiB(256).duration(Duration.ofHours(1)).build());
                var epr = created.getWorkspaceReference();
                await().atMost(Duration.ofSeconds(30)).until(() -> owner.state(epr) == WorkspaceStateType.RUNNING);

                // The same user, through a proxy that lives for seconds: one context, so one session to resume.
                GridCredential shortLived = ProxyFactory.createProxy(user, Duration.ofSeconds(12),
                        ProxyType.RFC3820_IMPERSONATION, 2048);
                SSLContext context = new TlsMaterial(shortLived, anchors).sslContext();
                URI workspace = URI.create(site.server().baseUrl() + "/Workspace");
                OneConnectionSoap.Exchange first = OneConnectionSoap.post(context, workspace, GET_DOCUMENT_ACTION,
                        envelope(created.getWorkspaceId(), GET_DOCUMENT));
                assertEquals(200, first.status(), first.response());

                Instant expired = shortLived.certificate().getNotAfter().toInstant();
                await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expired.plusSeconds(1)));

                OneConnectionSoap.Exchange destroy = OneConnectionSoap.post(context, workspace, DESTROY_ACTION,
                        envelope(created.getWorkspaceId(), DESTROY));
                // A full handshake would have failed in the trust manager: the session was resumed.
                assertEquals(first.sessionCreated(), destroy.sessionCreated(), "the TLS session was resumed");
                assertEquals(500, destroy.status(), destroy.response());
                assertTrue(destroy.response().contains("soap:Client") || destroy.response().contains(":Client<"),
                        destroy.response());
                assertTrue(destroy.response().contains("no longer valid")
                        && destroy.response().contains("NOT_VALID_AT_TIME"), destroy.response());
                assertTrue(destroy.response().contains("BaseFault") && destroy.response().contains("Timestamp"),
                        "the refusal is a typed WS-BaseFault: " + destroy.response());
                assertEquals(WorkspaceStateType.RUNNING, owner.state(epr), "the workspace is untouched");
            }
        }
    }

    private static final String GET_DOCUMENT_ACTION =
            "http://docs.oasis-open.org/wsrf/rpw-2/GetResourcePropertyDocument/GetResourcePropertyDocumentRequest";
    private static final String GET_DOCUMENT =
            "<rp:GetResourcePropertyDocument xmlns:rp=\"http://docs.oasis-open.org/wsrf/rp-2\"/>";
    private static final String DESTROY = "<rl:Destroy xmlns:rl=\"http://docs.oasis-open.org/wsrf/rl-2\"/>";
    private static final String DESTROY_ACTION =
            "http://docs.oasis-open.org/wsrf/rlw-2/ImmediateResourceTermination/DestroyRequest";

    private static String envelope(String workspaceKey, String body) {
        return OneConnectionSoap.envelope("<ws:WorkspaceKey xmlns:ws=\"" + WS + "\">" + workspaceKey
                + "</ws:WorkspaceKey>", body);
    }
}
