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
import org.agora.adapter.storage.SparseFileStorage;
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
        adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"), new SparseFileStorage(dir),
                new NodeEndpoint.Capacity(0, 0, 10_000));
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
    void deployBootsWithStorageAndDestroyLeavesNothingBehind() throws Exception {
        String id = UUID.randomUUID().toString();
        assertEquals(DomainStateType.RUNNING, node.deployWorkspace(deploy(id, 1)).getStatus().getState());
        assertTrue(Files.exists(dir.resolve(id + ".img")));
        assertEquals(DomainStateType.RUNNING, state(id));
        assertEquals(DomainStateType.RUNNING, node.deployWorkspace(deploy(id, 1)).getStatus().getState(),
                "a repeated deploy reports the running domain");
        assertTrue(node.describeNode(new DescribeNode()).getDomain().stream()
                .anyMatch(d -> d.getWorkspaceId().equals(id)));

        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        assertEquals(DomainStateType.ABSENT, node.destroyWorkspace(destroy).getStatus().getState());
        assertEquals(DomainStateType.ABSENT, state(id));
        assertFalse(Files.exists(dir.resolve(id + ".img")));
        assertEquals(DomainStateType.ABSENT, node.destroyWorkspace(destroy).getStatus().getState(),
                "destroying twice is fine");
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
        assertTrue(adapter.reconcile().contains(running));
        assertFalse(Files.exists(dir.resolve("crashed-workspace.img")), "storage of a crashed workspace is released");
        assertTrue(Files.exists(dir.resolve(running + ".img")), "storage of a running one is kept");
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(running);
        node.destroyWorkspace(destroy);
    }
}
