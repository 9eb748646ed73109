package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.agora.client.notification.NotificationListener;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.workspace.CreateGroupResponse;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.MemberOutcomeType;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.client.ServiceCallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WS-BaseNotification, groups, shutdown-save and the richer request model, over real HTTPS against
 * a site on libvirt's test driver and MariaDB.
 */
class NotificationsAndGroupsSystemTest {
    private static final String WS = "http://agora-grid.org/namespaces/2026/11/workspace";

    static Stream<String> databases() {
        return TestDatabases.serverUrls();
    }

    @TempDir
    Path dir;

    private AllInOne startSite(String databaseUrl) throws Exception {
        return AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, TestDatabases.freshName("agora_ng")));
    }

    private static WorkspaceClient clientFor(AllInOne site) throws Exception {
        TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
        return new WorkspaceClient(URI.create(site.server().baseUrl()),
                new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()), anchors));
    }

    private static WorkspaceRequestBuilder small() {
        return new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(256).diskMiB(64)
                .duration(Duration.ofHours(2));
    }

    private static DomainStateType domainOnNode(AllInOne site, String workspaceId) throws Exception {
        GetDomainState ask = new GetDomainState();
        ask.setWorkspaceId(workspaceId);
        return site.adapter().adapter().endpoint().getDomainState(ask).getStatus().getState();
    }

    private static List<String> states(List<NotificationListener.Received> received) {
        return received.stream().map(r -> r.change().getState().value()).toList();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("databases")
    void subscribersHearEveryChangeInOrderAndTheEndOnlyOnce(String databaseUrl) throws Exception {
        List<NotificationListener.Received> all = new CopyOnWriteArrayList<>();
        List<NotificationListener.Received> ends = new CopyOnWriteArrayList<>();
        String allUrl = "http://localhost:" + FreePorts.next() + "/all";
        String endUrl = "http://localhost:" + FreePorts.next() + "/ends";
        try (AllInOne site = startSite(databaseUrl); WorkspaceClient client = clientFor(site);
             NotificationListener everything = new NotificationListener(allUrl, all::add);
             NotificationListener terminations = new NotificationListener(endUrl, ends::add)) {
            CreateResponse created = client.create(small().build());
            EndpointReferenceType epr = created.getWorkspaceReference();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);

            var subscription = client.subscribe(epr, everything.reference(allUrl), null, null);
            client.subscribe(epr, terminations.reference(endUrl), "WorkspaceTermination", Duration.ofHours(1));
            assertNotNull(subscription.getTerminationTime(), "Subscribe answers with the subscription's end");

            client.pause(epr);
            client.start(epr);
            await().atMost(Duration.ofSeconds(10)).until(() -> all.size() == 2);
            assertEquals(List.of("Paused", "Running"), states(all));
            assertEquals("Running", all.get(0).change().getPreviousState().value());
            assertEquals(created.getWorkspaceId(), all.get(1).change().getWorkspaceId());
            assertEquals("ws:WorkspaceStateChange", all.get(0).topic());
            assertTrue(ends.isEmpty(), "the termination topic hears nothing before the end: " + states(ends));

            // Renew moves the end; after Unsubscribe that consumer hears nothing more.
            var renewedTo = client.renew(subscription.getSubscriptionReference(), Duration.ofMinutes(30));
            assertTrue(renewedTo.isBefore(java.time.Instant.now().plus(Duration.ofMinutes(31))), "renewed to " + renewedTo);
            client.unsubscribe(subscription.getSubscriptionReference());
            ServiceCallException gone = assertThrows(ServiceCallException.class,
                    () -> client.unsubscribe(subscription.getSubscriptionReference()));
            assertEquals("ResourceUnknownFault", gone.reason());

            client.destroy(epr);
            await().atMost(Duration.ofSeconds(10)).until(() -> ends.size() == 1);
            assertEquals(List.of("Cancelled"), states(ends));
            assertEquals("ws:WorkspaceTermination", ends.get(0).topic());
            assertTrue(ends.get(0).change().getCause().contains("destroyed at the request of"), ends.get(0).change().getCause());
            assertEquals(List.of("Paused", "Running"), states(all), "an ended subscription receives nothing");
        }
    }

    @Test
    void badSubscriptionsGetTheirWsnFaults() throws Exception {
        try (AllInOne site = startSite(null); WorkspaceClient client = clientFor(site)) {
            EndpointReferenceType epr = client.create(small().build()).getWorkspaceReference();
            EndpointReferenceType consumer = EndpointReferences.of("http://localhost:9/none");

            ServiceCallException topic = assertThrows(ServiceCallException.class,
                    () -> client.subscribe(epr, consumer, "CpuPrice", null));
            assertEquals("TopicNotSupportedFault", topic.reason());
            assertTrue(topic.getMessage().contains("ws:WorkspaceStateChange"), topic.getMessage());

            EndpointReferenceType ftp = EndpointReferences.of("ftp://localhost/x");
            ServiceCallException address = assertThrows(ServiceCallException.class,
                    () -> client.subscribe(epr, ftp, null, null));
            assertEquals("SubscribeCreationFailedFault", address.reason(), address.getMessage());
            assertTrue(address.getMessage().contains("ftp://localhost/x"), address.getMessage());

            ServiceCallException tooLong = assertThrows(ServiceCallException.class,
                    () -> client.subscribe(epr, consumer, null, Duration.ofDays(400)));
            assertEquals("UnacceptableInitialTerminationTimeFault", tooLong.reason());
        }
    }

    @Test
    void aGroupIsPlacedWholeOrNotAtAllAndDrivenTogether() throws Exception {
        try (AllInOne site = startSite(null); WorkspaceClient client = clientFor(site)) {
            long nodeMemory = site.adapter().adapter().endpoint().describeNode(new DescribeNode()).getCapacity()
                    .getMemoryMiB();
            int domainsBefore = site.adapter().adapter().hypervisor().agoraDomains().size();

            // Three members of 40 % of the node each cannot all fit: nothing is created.
            int tooBig = (int) (nodeMemory * 2 / 5);
            ServiceCallException noRoom = assertThrows(ServiceCallException.class,
                    () -> client.createGroup(small().memoryMiB(tooBig).buildGroup(3)));
            assertEquals("NoCapacityFault", noRoom.reason());
            assertTrue(noRoom.getMessage().contains("only 2 of the 3"), noRoom.getMessage());
            assertTrue(noRoom.getMessage().contains("nothing was created"), noRoom.getMessage());
            assertTrue(client.list().isEmpty(), "a refused group stores nothing");
            assertEquals(domainsBefore, site.adapter().adapter().hypervisor().agoraDomains().size());

            CreateGroupResponse group = client.createGroup(small().name("testbed").buildGroup(3));
            assertEquals(3, group.getMember().size());
            EndpointReferenceType gepr = group.getGroupReference();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.groupStatus(gepr).getMember().stream()
                    .allMatch(m -> m.getState() == WorkspaceStateType.RUNNING));
            assertEquals(3, client.list().size());

            List<MemberOutcomeType> paused = client.groupAction(gepr, "pause");
            assertEquals(List.of("Paused", "Paused", "Paused"), paused.stream().map(o -> o.getState().value()).toList());
            for (MemberOutcomeType m : paused) {
                assertEquals(DomainStateType.PAUSED, domainOnNode(site, m.getWorkspaceId()));
            }
            // Rebooting paused members is refused per member, and said so, without failing the call.
            List<MemberOutcomeType> reboot = client.groupAction(gepr, "reboot");
            assertTrue(reboot.stream().allMatch(o -> o.getProblem() != null && o.getProblem().contains("Running")),
                    "each member says why it cannot reboot");

            client.destroyGroup(gepr);
            for (WorkspaceSummaryType m : group.getMember()) {
                assertEquals(DomainStateType.ABSENT, domainOnNode(site, m.getWorkspaceId()));
            }
            assertTrue(client.list().isEmpty());
            ServiceCallException ended = assertThrows(ServiceCallException.class, () -> client.groupStatus(gepr));
            assertEquals("ResourceUnknownFault", ended.reason());
        }
    }

    @Test
    void shutdownSaveLeavesTheDiskInTheImageRepositoryAndPlatformIsHonoured() throws Exception {
        try (AllInOne site = startSite(null); WorkspaceClient client = clientFor(site)) {
            CreateResponse created = client.create(small().cpuWeight(512).nic("default", "52:54:00:aa:bb:01")
                    .shutdownMechanism("Save").build());
            EndpointReferenceType epr = created.getWorkspaceReference();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);
            var properties = client.status(epr);
            assertEquals(512, properties.getCpuWeight());
            assertEquals(null, properties.getArch(), "no architecture asked for: the node's own");
            assertEquals("Save", properties.getShutdownMechanism().value());
            assertEquals(null, properties.getCpuSeconds(), "CPU time costs a node call: only when asked for by name");
            List<Object> cpu = client.properties(epr, new javax.xml.namespace.QName(WS, "CpuSeconds"));
            assertEquals(1, cpu.size(), "the node reports the guest's CPU time");
            assertTrue(Double.parseDouble(((org.w3c.dom.Element) cpu.get(0)).getTextContent()) >= 0);

            String saved = client.shutdownSave(epr, "my-work");
            assertEquals("my-work", saved);
            assertEquals(WorkspaceStateType.SHUTDOWN, client.status(epr).getState());
            Path image = dir.resolve("site/adapter/storage/images/my-work.img");
            assertTrue(Files.exists(image), image + " exists");
            assertEquals(64L * 1024 * 1024, Files.size(image), "the saved image has the disk's size");

            ServiceCallException clash = assertThrows(ServiceCallException.class,
                    () -> client.shutdownSave(epr, "my-work"));
            assertTrue(clash.getMessage().contains("already exists"), clash.getMessage());

            // A Xen guest does not fit a KVM node: a clear fault naming the hypervisor, nothing stored.
            ServiceCallException xen = assertThrows(ServiceCallException.class,
                    () -> client.create(small().hypervisor("xen").build()));
            assertEquals("NoCapacityFault", xen.reason());
            assertTrue(xen.getMessage().contains("on xen"), xen.getMessage());
            ServiceCallException badMac = assertThrows(ServiceCallException.class,
                    () -> client.create(small().nic("default", "01:00:5e:00:00:01").build()));
            assertEquals("InvalidWorkspaceRequestFault", badMac.reason());
            assertTrue(badMac.getMessage().contains("Metadata/Nic[1]/Mac"), badMac.getMessage());
        }
    }
}
