package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.adapter.storage.Disk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Xen host as libvirt's test driver models it from a node file: the adapter's Xen domains
 * (paravirtualised boot of a kernel, xvd disks on the xen bus, credit weights) are defined, started
 * and weighted there as on a Xen node.
 */
class XenNodeTest {
    @TempDir
    Path dir;

    @Test
    void aParavirtualisedGuestBootsOnAXenNodeWithXenDisksAndCreditWeights() throws Exception {
        Path node = dir.resolve("xen-node.xml");
        try (var in = XenNodeTest.class.getResourceAsStream("/xen-node.xml")) {
            Files.copy(in, node);
        }
        try (LibvirtHypervisor xen = LibvirtHypervisor.connect("test://" + node, true)) {
            NodeFacts facts = xen.facts();
            assertEquals("xen", facts.hypervisorType(), "the node says it is Xen, so Xen requests are placed here");
            assertEquals(16, facts.vcpus());
            assertEquals(32 * 1024, facts.memoryMiB());

            String id = "0b9a4c1e-8a3f-4d2b-9c7e-1f2a3b4c5d6e";
            DomainDefinition pv = new DomainDefinition(id, "/DC=org/CN=Jane", "sl6", 2, 512,
                    List.of(Disk.rawRoot(dir.resolve("root.img")), new Disk(dir.resolve("swap.img"), Disk.Format.RAW,
                            "vdb", Disk.Role.SWAP, false)), false, "x86_64", dir.resolve("vmlinuz-xen"),
                    dir.resolve("initrd-xen"), "root=/dev/xvda1 ro", List.of(), 512, false);
            assertEquals(DomainState.RUNNING, xen.boot(pv).state());
            String xml = xen.domainXml(id).orElseThrow();
            assertTrue(xml.contains("<kernel>" + dir.resolve("vmlinuz-xen") + "</kernel>"), xml);
            assertTrue(xml.contains("dev='xvda' bus='xen'") && xml.contains("dev='xvdb' bus='xen'"), xml);
            assertTrue(xml.contains("<shares>512</shares>"), "a credit weight as is, not scaled as for QEMU: " + xml);
            assertTrue(xen.setCpuWeight(id, 768) > 0, "the scheduler took a weight");
            xen.destroy(id);
            assertEquals(DomainState.ABSENT, xen.status(id).state());
        }
    }
}
