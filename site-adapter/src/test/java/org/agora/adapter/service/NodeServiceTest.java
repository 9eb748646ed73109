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
