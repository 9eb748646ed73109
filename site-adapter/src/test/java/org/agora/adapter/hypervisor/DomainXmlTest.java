package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.agora.adapter.storage.Disk;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
    private static final DomainDefinition D = new DomainDefinition("0b9a4c1e-8a3f-4d2b-9c7e-1f2e3d4c5b6a",
            "/O=Grid/CN=Jane 'JD' O'Neil & Co <x>", "debian-12", 2, 512, Path.of("/var/lib/agora/storage/x.img"), 1024,
            false);

    @Test
    void theWorkspaceIdTravelsInTheMetadataAndSurvivesOddOwnerNames() {
        String xml = DomainXml.build(D, "test:///default", "i686");
        assertEquals(Optional.of(D.workspaceId()), DomainXml.workspaceIdOf(xml));
        assertTrue(xml.contains("O&apos;Neil &amp; Co &lt;x&gt;"), xml);
        assertTrue(xml.contains("<uuid>" + D.workspaceId() + "</uuid>"));
        assertTrue(xml.contains("<memory unit='MiB'>512</memory>") && xml.contains("<vcpu>2</vcpu>"));
    }

    @Test
    void withoutCapabilitiesTheDomainTypeFollowsTheConnectionAndIsNeverKvm() {
        assertEquals("test", DomainXml.domainTypeWithoutCapabilities("test:///default"));
        assertEquals("qemu", DomainXml.domainTypeWithoutCapabilities("qemu:///system"));
        assertEquals("xen", DomainXml.domainTypeWithoutCapabilities("xen:///system"));
    }

    @Test
    void aDomainWithoutAgoraMetadataHasNoWorkspace() {
        assertEquals(Optional.empty(), DomainXml.workspaceIdOf("<domain type='test'><name>test</name></domain>"));
        assertEquals(Optional.empty(), DomainXml.workspaceIdOf("not xml"));
    }

    @Test
    void cpuWeightKeepsItsRatioOnEachHypervisorAndNicsKernelAndArchAreWritten() {
        DomainDefinition d = new DomainDefinition("ws-1", "/CN=Jane", "debian-12", 1, 256,
                java.util.List.of(Disk.rawRoot(Path.of("/s/ws-1.img"))), false, "x86_64", Path.of("/images/vmlinuz"), Path.of("/images/initrd.img"), "console=ttyS0", 
                java.util.List.of(new DomainDefinition.NetworkInterface("lab", "52:54:00:AA:BB:01"),
                        new DomainDefinition.NetworkInterface("default", null)), 512, false);
        String qemu = DomainXml.build(d, "qemu:///system", "x86_64");
        assertTrue(qemu.contains("<shares>2048</shares>"), "QEMU shares are 4x the Xen-scale weight: " + qemu);
        assertTrue(qemu.contains("<source network='lab'/>") && qemu.contains("<mac address='52:54:00:aa:bb:01'/>"), qemu);
        assertTrue(qemu.contains("<source network='default'/>"), qemu);
        assertTrue(qemu.contains("<kernel>/images/vmlinuz</kernel>") && qemu.contains("<cmdline>console=ttyS0</cmdline>"),
                qemu);
        assertTrue(qemu.contains("<type arch='x86_64'>hvm</type>"), qemu);
        String xen = DomainXml.build(d, "xen:///system", "x86_64");
        assertTrue(xen.contains("<shares>512</shares>"), "Xen takes the weight as is: " + xen);
        assertTrue(xen.contains(">xen</type>"), "a Xen guest with a kernel is paravirtual: " + xen);
        String plain = DomainXml.build(D, "qemu:///system", "x86_64");
        assertTrue(plain.contains("<boot dev='hd'/>") && plain.contains("<shares>1024</shares>"), plain);
    }

    @Test
    void everyDiskIsAttachedWithItsFormatOnItsTargetAndXenGetsItsOwnBus() {
        DomainDefinition d = new DomainDefinition("ws-2", "/CN=Jane", "debian-12", 1, 256, java.util.List.of(
                new Disk(Path.of("/s/ws-2/root.qcow2"), Disk.Format.QCOW2, "vda", Disk.Role.ROOT, false),
                new Disk(Path.of("/dev/vg0/agora-ws-2+swap"), Disk.Format.RAW, "vdb", Disk.Role.SWAP, true),
                new Disk(Path.of("/s/ws-2/scratch.img"), Disk.Format.RAW, "vdc", Disk.Role.SCRATCH, false)),
                false, null, null, null, null, java.util.List.of(), 256, false);
        String qemu = DomainXml.build(d, "qemu:///system", "x86_64");
        assertTrue(qemu.contains("<driver name='qemu' type='qcow2'/>\n      <source file='/s/ws-2/root.qcow2'/>\n"
                + "      <target dev='vda' bus='virtio'/>"), qemu);
        assertTrue(qemu.contains("<disk type='block' device='disk'>\n      <driver name='qemu' type='raw'/>\n"
                + "      <source dev='/dev/vg0/agora-ws-2+swap'/>\n      <target dev='vdb' bus='virtio'/>"), qemu);
        assertTrue(qemu.contains("<source file='/s/ws-2/scratch.img'/>\n      <target dev='vdc' bus='virtio'/>"), qemu);
        assertTrue(qemu.indexOf("dev='vda'") < qemu.indexOf("dev='vdb'"), "the root disk comes first: " + qemu);
        String xen = DomainXml.build(d, "xen:///system", "x86_64");
        assertTrue(xen.contains("<target dev='xvda' bus='xen'/>") && xen.contains("<target dev='xvdc' bus='xen'/>"), xen);
        assertTrue(xen.contains("<driver name='phy' type='raw'/>\n      <source dev='/dev/vg0/agora-ws-2+swap'/>"),
                "Xen reads volumes through phy: " + xen);
        assertTrue(xen.contains("<driver name='qemu' type='qcow2'/>"), "and qcow2 through qdisk: " + xen);
    }
}
