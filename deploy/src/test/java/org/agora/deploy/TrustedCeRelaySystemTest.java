package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.agora.client.bank.BankClient;
import org.agora.client.market.MarketClient;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.client.ClientPorts;
import org.agora.transport.client.ServiceCallException;
import org.agora.workspace.model.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A compute element listed in agora.server.trusted.ce acting for a grid user, as GRAM does: it
 * connects with its own host certificate and signs each call with the limited proxy its user
 * delegated to it. The workspace it creates is the user's, the server's log and the workspace row
 * name the CE, and the relayed limited proxy may create, query, read the console of and destroy
 * workspaces and nothing else. The same relaying refused: for a user the grid-mapfile does not
 * admit, from a CE not listed, from a proxy of the listed CE's certificate, for a user whose proxy
 * expired or whose certificate was revoked; and a listed CE signing as itself is only itself.
 * Real servers (agora-server and a site adapter on libvirt's test driver) over real TLS, with
 * every certificate made at test time by the site's CA.
 */
class TrustedCeRelaySystemTest {
    private static final String USER = "/DC=org/DC=agora-demo/CN=Demo User";
    private static final String NOT_RELAYABLE = "a limited proxy relayed by a compute element may only create";
    private static final String CROSSED = "but the TLS connection presents the certificate of ";

    @TempDir
    static Path dir;
    static AllInOne site;
    static CertificateAuthority ca;
    static TrustAnchors anchors;
    static GridCredential ce;
    static GridCredential carol;
    static GridCredential janeLimited;
    static WorkspaceClient jane;
    static String node;
    static ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void startSiteTrustingOneCe() throws Exception {
        DemoCredentials credentials = DemoCredentials.ensure(dir.resolve("site"));
        ca = CertificateAuthority.load(dir.resolve("site/ca/cacert.pem"), dir.resolve("site/ca/cakey.pem"));
        ce = ca.issueHost("ce.example.org", Duration.ofDays(1));
        carol = ca.issueUser("Carol", Duration.ofDays(1));
        // The CE is admitted too: a relayed call that ran as the CE would then be let in, and be seen.
        Path gridmap = Files.writeString(dir.resolve("grid-mapfile"), "\"" + USER + "\" jane\n\""
                + ce.identity().dn() + "\" ce\n\"" + carol.identity().dn() + "\" carol\n");
        int adapterPort = FreePorts.next();
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
        site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), adapterPort,
                "test:///default", SiteDatabases.serverOrEmbedded(), TestDatabases.freshName("agora_ce"))
                .withServerSetting("agora.server.trusted.ce", ce.identity().dn())
                .withServerSetting("agora.access.gridmap", gridmap.toString())
                .withServerSetting("agora.bank.admins", USER)
                .withServerSetting("agora.market.interval", "PT0.5S")
                .withServerSetting("agora.market.expiry", "PT10M")
                .droppingDatabaseOnClose());
        anchors = TrustAnchors.fromDirectory(credentials.certificatesDir());
        GridCredential janeCertificate = GridCredential.fromCertificateAndKey(credentials.userCert(),
                credentials.userKey());
        janeLimited = ProxyFactory.createProxy(janeCertificate, Duration.ofHours(1), ProxyType.RFC3820_LIMITED, 2048);
        jane = new WorkspaceClient(base(), new TlsMaterial(GridCredential.fromProxyFile(credentials.userProxy()),
                anchors));
        node = "localhost:" + adapterPort;
    }

    @AfterAll
    static void stopSite() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (jane != null) {
            jane.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    void aTrustedCeRunsAJobsWorkspaceForItsUserWithTheUsersLimitedProxy() throws Exception {
        try (WorkspaceClient relayed = relaying(ce, janeLimited);
             BankClient relayedBank = new BankClient(base(), ClientPorts.relaying(tls(ce), janeLimited))) {
            EndpointReferenceType epr = relayed.create(small().build()).getWorkspaceReference();
            String id = EndpointReferences.workspaceId(epr).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> relayed.state(epr) == WorkspaceStateType.RUNNING);

            assertEquals(USER, jane.status(epr).getOwner(), "the workspace is the user's, and the user sees it");
            Workspace row = site.server().workspaces().find(id).orElseThrow();
            assertEquals(USER, row.owner());
            assertEquals(ce.identity().dn(), row.relayedBy(), "the row names the CE that relayed the Create");
            assertTrue(logged("event=workspace.created workspace=" + id + " owner=\"" + USER + "\" via=\""
                    + ce.identity().dn() + "\""), "the creation's log line names user and CE");
            assertTrue(logged("event=call.relayed user=\"" + USER + "\" via=\"" + ce.identity().dn()
                    + "\" proxy=\"RFC 3820 compliant limited proxy\" operation=WorkspaceFactory.Create"));

            relayed.console(epr, 1024);
            relayed.properties(epr, new javax.xml.namespace.QName(org.agora.security.authz.ContractOperations.WORKSPACE_NS, "State"));
            // Outside the list: refused with the limited-proxy fault, and nothing changes.
            ServiceCallException pause = assertThrows(ServiceCallException.class, () -> relayed.pause(epr));
            assertEquals("NotAuthorizedFault", pause.reason());
            assertTrue(pause.getMessage().contains(NOT_RELAYABLE) && pause.getMessage().contains("Pause"),
                    pause.getMessage());
            assertThrows(ServiceCallException.class, () -> relayed.setTerminationTime(epr, Instant.now()));
            assertEquals(WorkspaceStateType.RUNNING, jane.state(epr));
            ServiceCallException transfer = assertThrows(ServiceCallException.class,
                    () -> relayedBank.transfer("t-relayed", carol.identity().dn(), BigDecimal.ONE, null));
            assertTrue(transfer.getMessage().contains(NOT_RELAYABLE), transfer.getMessage());

            relayed.destroy(epr);
            assertTrue(site.server().workspaces().find(id).orElseThrow().state().isTerminal(), "destroyed");
        }
    }

    @Test
    void aRelayedLimitedProxyMayCreateWithABid() throws Exception {
        try (BankClient bank = new BankClient(base(), new TlsMaterial(GridCredential.fromProxyFile(
                site.credentials().userProxy()), anchors));
             MarketClient market = new MarketClient(base(), tls(GridCredential.fromProxyFile(
                     site.credentials().userProxy())));
             WorkspaceClient relayed = relaying(ce, janeLimited)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> market.hosts(null, null, null, null, null).stream()
                    .anyMatch(h -> h.getHost().equals(node)));
            bank.mint("grant-ce", USER, new BigDecimal("100"));
            EndpointReferenceType epr = relayed.create(small().bid(new BigDecimal("10"), node).build())
                    .getWorkspaceReference();
            assertEquals(USER, jane.status(epr).getOwner());
            relayed.destroy(epr);
        }
    }

    @Test
    void aUserTheSiteDoesNotAdmitIsRefusedThoughTheCeIsTrusted() throws Exception {
        GridCredential bob = ProxyFactory.createProxy(ca.issueUser("Bob", Duration.ofDays(1)), Duration.ofHours(1),
                ProxyType.RFC3820_LIMITED, 2048);
        try (WorkspaceClient relayed = relaying(ce, bob)) {
            ServiceCallException refused = assertThrows(ServiceCallException.class,
                    () -> relayed.create(small().build()));
            assertEquals("NotAuthorizedFault", refused.reason());
            assertTrue(refused.getMessage().contains("/DC=org/DC=agora-demo/CN=Bob is not admitted at this site"),
                    refused.getMessage());
        }
    }

    @Test
    void aCeTheSiteDoesNotListIsRefusedAsAnyCrossedSignatureIs() throws Exception {
        GridCredential rogue = ca.issueHost("rogue-ce.example.org", Duration.ofDays(1));
        try (WorkspaceClient relayed = relaying(rogue, janeLimited)) {
            ServiceCallException refused = assertThrows(ServiceCallException.class,
                    () -> relayed.create(small().build()));
            assertEquals("NotAuthorizedFault", refused.reason());
            assertTrue(refused.getMessage().contains("the message is signed by " + USER + " " + CROSSED
                    + rogue.identity().dn()), refused.getMessage());
        }
    }

    @Test
    void aProxyOfTheTrustedCesCertificateIsNotTheCe() throws Exception {
        GridCredential ceProxy = ProxyFactory.createProxy(ce, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                2048);
        try (WorkspaceClient relayed = relaying(ceProxy, janeLimited)) {
            ServiceCallException refused = assertThrows(ServiceCallException.class,
                    () -> relayed.create(small().build()));
            assertEquals("NotAuthorizedFault", refused.reason());
            assertTrue(refused.getMessage().contains(CROSSED + ce.identity().dn()), refused.getMessage());
        }
    }

    @Test
    void aTrustedCeSigningAsItselfIsOnlyItself() throws Exception {
        EndpointReferenceType janes = jane.create(small().build()).getWorkspaceReference();
        try (WorkspaceClient itself = new WorkspaceClient(base(), tls(ce), true)) {
            EndpointReferenceType own = itself.create(small().build()).getWorkspaceReference();
            Workspace row = site.server().workspaces()
                    .find(EndpointReferences.workspaceId(own).orElseThrow()).orElseThrow();
            assertEquals(ce.identity().dn(), row.owner());
            assertNull(row.relayedBy(), "a CE calling as itself relays nobody");
            ServiceCallException refused = assertThrows(ServiceCallException.class, () -> itself.destroy(janes));
            assertEquals("NotAuthorizedFault", refused.reason());
            itself.destroy(own);
        } finally {
            jane.destroy(janes);
        }
    }

    @Test
    void aRelayedUserWhoseProxyExpiredIsRefused() throws Exception {
        GridCredential janeCertificate = GridCredential.fromCertificateAndKey(site.credentials().userCert(),
                site.credentials().userKey());
        GridCredential shortLived = ProxyFactory.createProxy(janeCertificate, Duration.ofSeconds(3),
                ProxyType.RFC3820_LIMITED, 2048);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(shortLived.notAfter()));
        try (WorkspaceClient relayed = relaying(ce, shortLived)) {
            ServiceCallException refused = assertThrows(ServiceCallException.class,
                    () -> relayed.create(small().build()));
            assertTrue(refused.getMessage().contains("does not trust") && refused.getMessage().contains("NOT_VALID_AT_TIME"),
                    refused.getMessage());
        }
    }

    @Test
    void aRelayedUserWhoseCertificateWasRevokedIsRefused() throws Exception {
        GridCredential carolLimited = ProxyFactory.createProxy(carol, Duration.ofHours(1), ProxyType.RFC3820_LIMITED,
                2048);
        try (WorkspaceClient relayed = relaying(ce, carolLimited)) {
            EndpointReferenceType epr = relayed.create(small().build()).getWorkspaceReference();
            ca.publishCrl(site.credentials().certificatesDir(), Duration.ofDays(1), carol.certificate());
            // The server re-reads its CA directory every minute; until then Carol's chain still passes.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                try {
                    relayed.state(epr);
                    return false;
                } catch (ServiceCallException e) {
                    return e.getMessage().contains("certRevoked");
                }
            });
            ServiceCallException refused = assertThrows(ServiceCallException.class,
                    () -> relayed.create(small().build()));
            assertTrue(refused.getMessage().contains("certRevoked"), refused.getMessage());
        }
    }

    private static WorkspaceClient relaying(GridCredential connectAs, GridCredential signAs) {
        return new WorkspaceClient(base(), ClientPorts.relaying(tls(connectAs), signAs));
    }

    private static TlsMaterial tls(GridCredential credential) {
        return new TlsMaterial(credential, anchors);
    }

    private static URI base() {
        return URI.create(site.server().baseUrl());
    }

    private static WorkspaceRequestBuilder small() {
        return new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(256).diskMiB(64)
                .duration(Duration.ofHours(1));
    }

    private static boolean logged(String fragment) {
        return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(fragment));
    }
}
