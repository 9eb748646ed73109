package org.agora.adapter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.service.DiskPolicy;
import org.agora.adapter.storage.Compression;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.node.NodeFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeEndpointTest {
    @TempDir
    Path dir;
    private SiteAdapter adapter;
    private NodeEndpoint node;

    @BeforeEach
    void open() throws Exception {
        adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"), new RawCopyStorage(dir),
                new Capacity(0, 0, 10_000));
        node = adapter.endpoint();
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    private static DeployWorkspace deploy(String id, int vcpus) {
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("web");
        spec.setOwner("/DC=org/CN=Jane");
        spec.setImage("debian-12");
        spec.setVcpus(vcpus);
        spec.setMemoryMiB(256);
        spec.setDiskMiB(16);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        return d;
    }

    private DomainStateType state(String id) throws NodeFault {
        GetDomainState ask = new GetDomainState();
        ask.setWorkspaceId(id);
        return node.getDomainState(ask).getStatus().getState();
    }

    @Test
    void aRequestLeavingOutARequiredNumberIsRefusedByNameAndNothingIsDeployed() throws Exception {
        String id = UUID.randomUUID().toString();
        DeployWorkspace noMemory = deploy(id, 1);
        noMemory.getSpec().setMemoryMiB(null);
        NodeFault refused = assertThrows(NodeFault.class, () -> node.deployWorkspace(noMemory));
        assertTrue(refused.getMessage().contains("Spec/MemoryMiB is missing"), refused.getMessage());
        assertEquals(DomainStateType.ABSENT, state(id));
        assertFalse(Files.exists(root(id)), "no disk made");

        org.agora.contract.node.WatchDomains noSequence = new org.agora.contract.node.WatchDomains();
        noSequence.setWaitSeconds(0);
        NodeFault watch = assertThrows(NodeFault.class, () -> node.watchDomains(noSequence));
        assertTrue(watch.getMessage().contains("WatchDomains/AfterSequence is missing"), watch.getMessage());
    }

    @Test
    void deployBootsWithStorageAndDestroyLeavesNothingBehind() throws Exception {
        String id = UUID.randomUUID().toString();
        assertEquals(DomainStateType.RUNNING, node.deployWorkspace(deploy(id, 1)).getStatus().getState());
        assertTrue(Files.exists(root(id)));
        assertEquals(DomainStateType.RUNNING, state(id));
        assertEquals(DomainStateType.RUNNING, node.deployWorkspace(deploy(id, 1)).getStatus().getState(),
                "a repeated deploy reports the running domain");
        assertTrue(node.describeNode(new DescribeNode()).getDomain().stream()
                .anyMatch(d -> d.getWorkspaceId().equals(id)));

        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        assertEquals(DomainStateType.ABSENT, node.destroyWorkspace(destroy).getStatus().getState());
        assertEquals(DomainStateType.ABSENT, state(id));
        assertFalse(Files.exists(root(id)));
        assertFalse(Files.exists(dir.resolve("workspaces").resolve(id)), "nothing of the workspace is left");
        assertEquals(DomainStateType.ABSENT, node.destroyWorkspace(destroy).getStatus().getState(),
                "destroying twice is fine");
    }

    @Test
    void aShutdownWithGraceReturnsOnlyOnceTheGuestIsOffAndGraceGoesWithShutdownOnly() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deployWorkspace(deploy(id, 1));
        org.agora.contract.node.ControlDomain shutdown = new org.agora.contract.node.ControlDomain();
        shutdown.setWorkspaceId(id);
        shutdown.setAction(org.agora.contract.node.DomainActionType.SHUTDOWN);
        shutdown.setGraceSeconds(30);
        DomainStateType after = node.controlDomain(shutdown).getStatus().getState();
        assertTrue(after == DomainStateType.DEFINED || after == DomainStateType.SHUTOFF, "off when it returns: " + after);

        org.agora.contract.node.ControlDomain pause = new org.agora.contract.node.ControlDomain();
        pause.setWorkspaceId(id);
        pause.setAction(org.agora.contract.node.DomainActionType.PAUSE);
        pause.setGraceSeconds(30);
        NodeFault f = assertThrows(NodeFault.class, () -> node.controlDomain(pause));
        assertTrue(f.getMessage().contains("GraceSeconds goes with Shutdown only"), f.getMessage());
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        node.destroyWorkspace(destroy);
    }

    @Test
    void aCapTheHypervisorLacksLeavesTheWeightAppliedAndSaysNothingOfACap() throws Exception {
        String id = UUID.randomUUID().toString();
        node.deployWorkspace(deploy(id, 1));
        org.agora.contract.node.SetCpuWeights set = new org.agora.contract.node.SetCpuWeights();
        org.agora.contract.node.CpuWeightType w = new org.agora.contract.node.CpuWeightType();
        w.setWorkspaceId(id);
        w.setWeight(300);
        w.setCapPercent(50);
        set.getWeight().add(w);
        var applied = node.setCpuWeights(set).getApplied();
        assertEquals(1, applied.size(), "the weight was applied");
        assertEquals(null, applied.get(0).getCapPercent(), "libvirt's test driver has no cap: none is reported");
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        node.destroyWorkspace(destroy);
    }

    private Path root(String id) {
        return dir.resolve("workspaces").resolve(id).resolve("root.img");
    }

    @Test
    void theRootDiskStartsFromTheRepositorysImageAndSwapAndScratchFollowThePolicy() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/debian-12.img"), "a boot sector");
        try (SiteAdapter withDisks = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                new RawCopyStorage(dir), new Capacity(0, 0, 10_000),
                new DiskPolicy(8, 4, Compression.NONE))) {
            String id = UUID.randomUUID().toString();
            withDisks.endpoint().deployWorkspace(deploy(id, 1));
            assertTrue(Files.readString(root(id)).startsWith("a boot sector"), "the image's bytes are the root disk's");
            assertEquals(16L * 1024 * 1024, Files.size(root(id)));
            assertEquals(8L * 1024 * 1024, Files.size(root(id).resolveSibling("swap.img")));
            assertEquals(4L * 1024 * 1024, Files.size(root(id).resolveSibling("scratch.img")));
            DestroyWorkspace destroy = new DestroyWorkspace();
            destroy.setWorkspaceId(id);
            withDisks.endpoint().destroyWorkspace(destroy);
            assertFalse(Files.exists(root(id).getParent()));
        }
    }

    @Test
    void anImageReferenceThatIsAPathIsNeverCopiedIntoAGuest() throws Exception {
        String id = UUID.randomUUID().toString();
        DeployWorkspace d = deploy(id, 1);
        d.getSpec().setImage("/etc/passwd");
        node.deployWorkspace(d);
        assertEquals(0L, Files.readAllBytes(root(id))[0], "a blank disk, not the node's file");
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        node.destroyWorkspace(destroy);
    }

    @Test
    void anImpossibleSpecIsAFaultThatSaysWhy() {
        NodeFault fault = assertThrows(NodeFault.class, () -> node.deployWorkspace(deploy("w0", 0)));
        assertTrue(fault.getFaultInfo().getReason().contains("Spec/Vcpus is 0"), fault.getFaultInfo().getReason());
        assertEquals(fault.getFaultInfo().getReason(), fault.getFaultInfo().getDescription().get(0));
    }

    @Test
    void reconciliationReleasesStorageNoDomainUses() throws Exception {
        String running = UUID.randomUUID().toString();
        node.deployWorkspace(deploy(running, 1));
        Files.createFile(dir.resolve("crashed-workspace.img"));
        Path halfMade = Files.createDirectories(dir.resolve("workspaces/.half-made.partial"));
        Files.createFile(halfMade.resolve("root.img"));
        assertTrue(adapter.reconcile().contains(running));
        assertFalse(Files.exists(dir.resolve("crashed-workspace.img")), "storage of a crashed workspace is released");
        assertFalse(Files.exists(halfMade), "so is what a crashed prepare left");
        assertTrue(Files.exists(root(running)), "storage of a running one is kept");
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(running);
        node.destroyWorkspace(destroy);
    }
}
