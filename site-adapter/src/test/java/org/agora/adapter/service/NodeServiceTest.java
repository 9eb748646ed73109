package org.agora.adapter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.agora.adapter.hypervisor.DomainAction;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.liveness.DomainEventLog;
import org.agora.adapter.liveness.LivenessMonitor;
import org.agora.adapter.service.NodeServiceException.Kind;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.storage.DiskSpec;
import org.agora.adapter.storage.NoCloudSeed;
import org.agora.adapter.storage.NoCloudSeedTest;
import org.agora.adapter.storage.RawCopyStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node service without SOAP, on libvirt's test driver (real libvirt, no guests) and real storage. */
class NodeServiceTest {
    @TempDir
    Path dir;
    private LibvirtHypervisor hypervisor;
    private RawCopyStorage storage;
    private LivenessMonitor liveness;
    private NodeService node;

    @BeforeEach
    void open() throws Exception {
        hypervisor = LibvirtHypervisor.connect("test:///default");
        storage = new RawCopyStorage(dir);
        liveness = new LivenessMonitor(hypervisor, storage, new DomainEventLog(), Duration.ofSeconds(2));
        node = new NodeService(hypervisor, storage, new Capacity(0, 0, 10_000), DiskPolicy.ROOT_ONLY,
                Networks.DEFAULT, liveness, null);
    }

    @AfterEach
    void close() {
        liveness.close();
        hypervisor.close();
    }

    private static WorkspaceSpec spec(String id, List<Networks.Request> nics) {
        return new WorkspaceSpec(id, "/DC=org/CN=Jane", "debian-12", null, 1, 256, 16, null, null, null, null, nics, 0,
                false, false);
    }

    private static WorkspaceSpec spec(String id) {
        return spec(id, List.of());
    }

    private static WorkspaceSpec specWithUserData(String id, String userData) {
        return new WorkspaceSpec(id, "/DC=org/CN=Jane", "debian-12", null, 1, 256, 16, null, null, null, null, List.of(),
                0, false, false, "grid job 7", userData);
    }

    /** The {@code <disk>} elements of the workspace's domain as libvirt holds it. */
    private List<org.w3c.dom.Element> domainDisks(String id) throws Exception {
        String xml = hypervisor.domainXml(id).orElseThrow();
        org.w3c.dom.NodeList disks = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml))).getElementsByTagName("disk");
        List<org.w3c.dom.Element> found = new java.util.ArrayList<>();
        for (int i = 0; i < disks.getLength(); i++) {
            found.add((org.w3c.dom.Element) disks.item(i));
        }
        return found;
    }

    private static String attribute(org.w3c.dom.Element disk, String child, String name) {
        return ((org.w3c.dom.Element) disk.getElementsByTagName(child).item(0)).getAttribute(name);
    }

    private static final String SCRIPT = "#!/bin/sh\necho CONTEXT-SEEN $((6*7))\n";

    @Test
    void userDataBecomesASeedAttachedReadOnlyAfterTheRootDiskAndDestroyRemovesIt() throws Exception {
        NoCloudSeedTest.requireXorriso();
        String id = UUID.randomUUID().toString();
        node.deploy(specWithUserData(id, SCRIPT));

        Path iso = workspaceDir(id).resolve("seed.iso");
        assertEquals(NoCloudSeed.LABEL, NoCloudSeedTest.volumeId(iso));
        Path files = NoCloudSeedTest.extract(iso, dir.resolve("extracted"));
        assertEquals(SCRIPT, Files.readString(files.resolve("user-data")));
        assertEquals("instance-id: " + id + "\nlocal-hostname: grid-job-7\n", Files.readString(files.resolve("meta-data")));
        List<org.w3c.dom.Element> disks = domainDisks(id);
        assertEquals(2, disks.size(), "the root disk and the seed");
        org.w3c.dom.Element seed = disks.get(1);
        assertEquals(iso.toString(), attribute(seed, "source", "file"));
        assertEquals("vdb", attribute(seed, "target", "dev"));
        assertEquals("virtio", attribute(seed, "target", "bus"));
        assertEquals(1, seed.getElementsByTagName("readonly").getLength(), "the guest cannot write its seed");
        assertEquals(0, disks.get(0).getElementsByTagName("readonly").getLength(), "but can write its root disk");

        node.destroy(id);
        assertFalse(Files.exists(workspaceDir(id)), "the seed goes with the workspace");
        assertFalse(storage.leftovers().contains(id));
    }

    @Test
    void aWorkspaceWithoutUserDataHasNoSeed() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deploy(specWithUserData(id, null));
        assertFalse(Files.exists(workspaceDir(id).resolve("seed.iso")));
        assertEquals(1, domainDisks(id).size());
        node.destroy(id);
    }

    @Test
    void userDataLargerThanASeedTakesIsRefusedBeforeAnyDiskIsMade() {
        String id = UUID.randomUUID().toString();
        NodeServiceException refused = assertThrows(NodeServiceException.class,
                () -> node.deploy(specWithUserData(id, "#!/bin/sh\n" + "x".repeat(NoCloudSeed.MAX_USER_DATA_BYTES))));
        assertEquals(Kind.INVALID_REQUEST, refused.kind());
        assertTrue(refused.getMessage().startsWith("UserData '#!/bin/sh\\u000Axxx"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at most 65536 bytes"), refused.getMessage());
        assertFalse(Files.exists(workspaceDir(id)));
    }

    @Test
    void whateverACrashLeavesOfASeedIsReleasedByReconciliation() throws Exception {
        NoCloudSeedTest.requireXorriso();
        // A crash while the seed was written: a half-made workspace with the seed's staged files.
        String halfMade = UUID.randomUUID().toString();
        Path partial = Files.createDirectories(dir.resolve("workspaces/." + halfMade + ".partial"));
        Files.createFile(partial.resolve("root.img"));
        Files.createDirectories(partial.resolve("seed.iso.files"));
        Files.writeString(partial.resolve("seed.iso.files/user-data"), SCRIPT);
        Files.write(partial.resolve("seed.iso"), new byte[2048]);
        // A crash after the disks and seed were whole but before the domain was defined.
        String undefined = UUID.randomUUID().toString();
        storage.prepare(undefined, null, new DiskSpec(16, 0, 0, NoCloudSeed.of(undefined, "w", SCRIPT)));
        assertTrue(Files.exists(workspaceDir(undefined).resolve("seed.iso")));
        // And a running workspace with a seed, which must survive.
        String running = UUID.randomUUID().toString();
        node.deploy(specWithUserData(running, SCRIPT));

        try (SiteAdapter restarted = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                new RawCopyStorage(dir), new Capacity(0, 0, 10_000))) {
            assertTrue(restarted.reconcile().contains(running));
        }
        assertFalse(Files.exists(partial), "the half-made workspace and its staged seed are gone");
        assertFalse(Files.exists(workspaceDir(undefined)), "the seed of a workspace without a domain is gone");
        assertTrue(Files.exists(workspaceDir(running).resolve("seed.iso")), "a running guest keeps its seed");
        assertEquals(List.of(running), storage.leftovers());
        node.destroy(running);
    }

    private Path workspaceDir(String id) {
        return dir.resolve("workspaces").resolve(id);
    }

    @Test
    void aDeployedWorkspaceRunsAndADeployRepeatedAfterALostReplyReportsTheSameDomain() throws Exception {
        String id = UUID.randomUUID().toString();
        DomainStatus deployed = node.deploy(spec(id));
        assertEquals(DomainState.RUNNING, deployed.state());
        assertEquals(DomainState.RUNNING, node.state(id).status().state());
        assertTrue(Files.exists(workspaceDir(id).resolve("root.img")), "the root disk is made");

        DomainStatus again = node.deploy(spec(id));
        assertEquals(DomainState.RUNNING, again.state());
        assertEquals(deployed.domainName(), again.domainName(), "the same domain, not a second one");
        node.destroy(id);
    }

    @Test
    void destroyRemovesTheDomainAndItsStorageAndMayBeRepeated() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deploy(spec(id));

        DomainStatus gone = node.destroy(id);
        assertEquals(DomainState.ABSENT, gone.state());
        assertEquals(DomainState.ABSENT, node.state(id).status().state());
        assertFalse(storage.prepared(id));
        assertFalse(Files.exists(workspaceDir(id)), "nothing of the workspace is left on disk");
        assertTrue(node.describe().domains().stream().noneMatch(d -> d.status().workspaceId().equals(id)),
                "the node no longer lists it");

        DomainStatus again = node.destroy(id);
        assertEquals(DomainState.ABSENT, again.state(), "destroying twice is fine");
        assertEquals(-1, again.cpuSeconds(), "there was no domain to read CPU time from");
    }

    @Test
    void aDeployLibvirtRefusesLeavesNoDomainAndNoStorage() throws Exception {
        String id = UUID.randomUUID().toString();
        NodeServiceException failed = assertThrows(NodeServiceException.class,
                () -> node.deploy(spec(id, List.of(new Networks.Request(null, "not-a-mac")))));
        assertEquals(Kind.FAILED, failed.kind());
        assertTrue(failed.getMessage().startsWith("deploying workspace " + id + " failed: "), failed.getMessage());
        assertEquals(DomainState.ABSENT, node.state(id).status().state());
        assertFalse(storage.prepared(id));
        assertFalse(Files.exists(workspaceDir(id)), "the disks made for it are removed");
        assertFalse(storage.leftovers().contains(id), "nothing is left for reconciliation to find");
    }

    @Test
    void aDeployOnANetworkTheNodeLacksIsRefusedBeforeAnyDiskIsMade() {
        String id = UUID.randomUUID().toString();
        NodeServiceException refused = assertThrows(NodeServiceException.class,
                () -> node.deploy(spec(id, List.of(new Networks.Request("elsewhere", null)))));
        assertEquals(Kind.INVALID_REQUEST, refused.kind());
        assertTrue(refused.getMessage().startsWith("workspace " + id + " cannot be deployed here: "),
                refused.getMessage());
        assertFalse(Files.exists(workspaceDir(id)));
    }

    @Test
    void controlPausesResumesRebootsShutsDownAndStartsTheDomain() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deploy(spec(id));
        assertEquals(DomainState.PAUSED, node.control(id, DomainAction.PAUSE, null).state());
        assertEquals(DomainState.PAUSED, node.state(id).status().state());
        assertEquals(DomainState.RUNNING, node.control(id, DomainAction.RESUME, null).state());
        assertEquals(DomainState.RUNNING, node.control(id, DomainAction.REBOOT, null).state());
        DomainState off = node.control(id, DomainAction.SHUTDOWN, 30).state();
        assertTrue(off == DomainState.DEFINED || off == DomainState.SHUTOFF, "off when it returns: " + off);
        assertEquals(DomainState.RUNNING, node.control(id, DomainAction.START, null).state());
        node.destroy(id);
    }

    @Test
    void aGracePeriodGoesWithShutdownOnlyAndIsRefusedInTheContractsWords() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deploy(spec(id));
        NodeServiceException refused = assertThrows(NodeServiceException.class,
                () -> node.control(id, DomainAction.PAUSE, 30));
        assertEquals(Kind.INVALID_REQUEST, refused.kind());
        assertEquals("GraceSeconds goes with Shutdown only, from 0 to 600; got 30 with Pause", refused.getMessage());
        assertEquals(DomainState.RUNNING, node.state(id).status().state(), "the refused action was not taken");
        node.destroy(id);
    }

    @Test
    void controllingAWorkspaceWithoutADomainFailsNamingIt() {
        String id = UUID.randomUUID().toString();
        NodeServiceException failed = assertThrows(NodeServiceException.class,
                () -> node.control(id, DomainAction.PAUSE, null));
        assertEquals(Kind.FAILED, failed.kind());
        assertTrue(failed.getMessage().contains(id), failed.getMessage());
    }

    @Test
    void aSavedDiskIsAnImageTheNextWorkspaceBootsFrom() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/debian-12.img"), "a boot sector");
        String first = UUID.randomUUID().toString();
        node.deploy(spec(first));

        SavedDisk saved = node.shutdownSave(first, " mine ");
        assertEquals("mine", saved.image());
        assertTrue(saved.status().state() == DomainState.DEFINED || saved.status().state() == DomainState.SHUTOFF,
                "the guest is off once its disk is saved: " + saved.status().state());

        String second = UUID.randomUUID().toString();
        node.deploy(new WorkspaceSpec(second, "/DC=org/CN=Jane", "mine", null, 1, 256, 16, null, null, null, null,
                List.of(), 0, false, false));
        assertTrue(Files.readString(workspaceDir(second).resolve("root.img")).startsWith("a boot sector"),
                "the second root disk starts from the first one's");
        node.destroy(first);
        node.destroy(second);
    }

    @Test
    void savingAWorkspaceWithoutADomainIsRefusedNamingIt() {
        String id = UUID.randomUUID().toString();
        NodeServiceException refused = assertThrows(NodeServiceException.class, () -> node.shutdownSave(id, "mine"));
        assertEquals(Kind.NO_SUCH_DOMAIN, refused.kind());
        assertEquals("workspace " + id + " has no domain on this node, so its disk cannot be saved",
                refused.getMessage());
    }

    @Test
    void theWeightTheMarketAskedForIsReportedBesideTheOneApplied() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deploy(spec(id));
        AppliedCpuWeight applied = node.setCpuWeight(id, 300, null).orElseThrow();
        NodeDescription.Domain listed = node.describe().domains().stream()
                .filter(d -> d.status().workspaceId().equals(id)).findFirst().orElseThrow();
        assertEquals(300, listed.requestedCpuWeight());
        assertEquals(applied.weight(), listed.cpuWeight());
        assertThrows(NodeServiceException.class, () -> node.setCpuWeight(id, 0, null), "weights start at 1");
        node.destroy(id);
    }

    @Test
    void theAdvertisedCapacityIsOverCommittedByTheRatios() throws Exception {
        NodeService overCommitted = new NodeService(hypervisor, storage, new Capacity(4, 1000, 10_000, 150, 200),
                DiskPolicy.ROOT_ONLY, Networks.DEFAULT, liveness, null);
        NodeDescription described = overCommitted.describe();
        assertEquals(6, described.vcpus());
        assertEquals(2000, described.memoryMiB());
        assertEquals(10_000, described.diskMiB());
    }
}
