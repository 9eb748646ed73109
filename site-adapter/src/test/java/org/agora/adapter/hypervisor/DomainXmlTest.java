package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.agora.adapter.storage.Disk;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class DomainXmlTest {
    private static final DomainDefinition D = new DomainDefinition("0b9a4c1e-8a3f-4d2b-9c7e-1f2e3d4c5b6a",
            "/O=Grid/CN=Jane 'JD' O'Neil & Co <x>", "debian-12", 2, 512, Path.of("/var/lib/agora/storage/x.img"), 1024,
            false);

    @Test
    void theWorkspaceIdTravelsInTheMetadataAndSurvivesOddOwnerNames() throws Exception {
        String xml = DomainXml.build(D, "test:///default", "i686");
        assertEquals(Optional.of(D.workspaceId()), DomainXml.workspaceIdOf(xml));
        assertEquals(D.owner(), parse(xml).getElementsByTagNameNS(DomainXml.METADATA_NS, "workspace").item(0)
                .getAttributes().getNamedItem("owner").getNodeValue());
        assertTrue(xml.contains("<uuid>" + D.workspaceId() + "</uuid>"));
        assertTrue(xml.contains("<memory unit=\"MiB\">512</memory>") && xml.contains("<vcpu>2</vcpu>"));
    }

    @Test
    void namesAndPathsWithMarkupCharactersReadBackAsWrittenAndAddNoElement() throws Exception {
        String odd = "<&\"'>";
        DomainDefinition d = new DomainDefinition("ws-odd", "/CN=Jane " + odd, "image " + odd, 1, 256,
                java.util.List.of(Disk.rawRoot(Path.of("/s/disk " + odd + ".img"))), false, "x86_64",
                Path.of("/k/vmlinuz " + odd), Path.of("/k/initrd " + odd), "console=ttyS0 " + odd,
                java.util.List.of(new DomainDefinition.NetworkInterface("net " + odd, null, "192.0.2.7")), 256, false,
                Path.of("/s/console " + odd + ".log"));
        String xml = DomainXml.build(d, new DomainType("kvm", "chosen by the test"), "x86_64", false);
        Document doc = parse(xml);
        XPath path = XPathFactory.newInstance().newXPath();
        path.setNamespaceContext(new AgoraNamespace());
        assertEquals("agora-ws-odd", path.evaluate("/domain/name", doc));
        assertEquals("Agora workspace ws-odd (image " + odd + ")", path.evaluate("/domain/title", doc));
        assertEquals(d.owner(), path.evaluate("/domain/metadata/agora:workspace/@owner", doc));
        assertEquals(d.image(), path.evaluate("/domain/metadata/agora:workspace/@image", doc));
        assertEquals("net " + odd, path.evaluate("/domain/metadata/agora:workspace/agora:nic/@network", doc));
        assertEquals(java.util.List.of("192.0.2.7"), DomainXml.requestedAddressesOf(xml));
        assertEquals("/k/vmlinuz " + odd, path.evaluate("/domain/os/kernel", doc));
        assertEquals("/k/initrd " + odd, path.evaluate("/domain/os/initrd", doc));
        assertEquals("console=ttyS0 " + odd, path.evaluate("/domain/os/cmdline", doc));
        assertEquals("/s/disk " + odd + ".img", path.evaluate("/domain/devices/disk/source/@file", doc));
        assertEquals("net " + odd, path.evaluate("/domain/devices/interface/source/@network", doc));
        assertEquals("/s/console " + odd + ".log", path.evaluate("/domain/devices/serial/source/@path", doc));
        assertEquals("/s/console " + odd + ".log", path.evaluate("/domain/devices/console/source/@path", doc));
        assertEquals(1.0, path.evaluate("count(/domain/devices/disk)", doc, XPathConstants.NUMBER), "one disk only");
        assertEquals(11.0, path.evaluate("count(/domain/*)", doc, XPathConstants.NUMBER),
                "no element more than the domain's own: " + xml);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
    }

    /** The prefix the XPath expressions above use for Agora's metadata. */
    private static final class AgoraNamespace implements NamespaceContext {
        @Override
        public String getNamespaceURI(String prefix) {
            return "agora".equals(prefix) ? DomainXml.METADATA_NS : XMLConstants.NULL_NS_URI;
        }

        @Override
        public String getPrefix(String uri) {
            return null;
        }

        @Override
        public java.util.Iterator<String> getPrefixes(String uri) {
            return java.util.Collections.emptyIterator();
        }
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
        assertTrue(qemu.contains("<source network=\"lab\"/>") && qemu.contains("<mac address=\"52:54:00:aa:bb:01\"/>"), qemu);
        assertTrue(qemu.contains("<source network=\"default\"/>"), qemu);
        assertTrue(qemu.contains("<kernel>/images/vmlinuz</kernel>") && qemu.contains("<cmdline>console=ttyS0</cmdline>"),
                qemu);
        assertTrue(qemu.contains("<type arch=\"x86_64\">hvm</type>"), qemu);
        String xen = DomainXml.build(d, "xen:///system", "x86_64");
        assertTrue(xen.contains("<shares>512</shares>"), "Xen takes the weight as is: " + xen);
        assertTrue(xen.contains(">xen</type>"), "a Xen guest with a kernel is paravirtual: " + xen);
        String plain = DomainXml.build(D, "qemu:///system", "x86_64");
        assertTrue(plain.contains("<boot dev=\"hd\"/>") && plain.contains("<shares>1024</shares>"), plain);
    }

    @Test
    void everyDiskIsAttachedWithItsFormatOnItsTargetAndXenGetsItsOwnBus() {
        DomainDefinition d = new DomainDefinition("ws-2", "/CN=Jane", "debian-12", 1, 256, java.util.List.of(
                new Disk(Path.of("/s/ws-2/root.qcow2"), Disk.Format.QCOW2, "vda", Disk.Role.ROOT, false),
                new Disk(Path.of("/dev/vg0/agora-ws-2+swap"), Disk.Format.RAW, "vdb", Disk.Role.SWAP, true),
                new Disk(Path.of("/s/ws-2/scratch.img"), Disk.Format.RAW, "vdc", Disk.Role.SCRATCH, false)),
                false, null, null, null, null, java.util.List.of(), 256, false);
        String qemu = DomainXml.build(d, "qemu:///system", "x86_64");
        assertTrue(qemu.contains("<driver name=\"qemu\" type=\"qcow2\"/>\n      <source file=\"/s/ws-2/root.qcow2\"/>\n"
                + "      <target dev=\"vda\" bus=\"virtio\"/>"), qemu);
        assertTrue(qemu.contains("<disk type=\"block\" device=\"disk\">\n      <driver name=\"qemu\" type=\"raw\"/>\n"
                + "      <source dev=\"/dev/vg0/agora-ws-2+swap\"/>\n      <target dev=\"vdb\" bus=\"virtio\"/>"), qemu);
        assertTrue(qemu.contains("<source file=\"/s/ws-2/scratch.img\"/>\n      <target dev=\"vdc\" bus=\"virtio\"/>"), qemu);
        assertTrue(qemu.indexOf("dev=\"vda\"") < qemu.indexOf("dev=\"vdb\""), "the root disk comes first: " + qemu);
        String xen = DomainXml.build(d, "xen:///system", "x86_64");
        assertTrue(xen.contains("<target dev=\"xvda\" bus=\"xen\"/>") && xen.contains("<target dev=\"xvdc\" bus=\"xen\"/>"), xen);
        assertTrue(xen.contains("<driver name=\"phy\" type=\"raw\"/>\n      <source dev=\"/dev/vg0/agora-ws-2+swap\"/>"),
                "Xen reads volumes through phy: " + xen);
        assertTrue(xen.contains("<driver name=\"qemu\" type=\"qcow2\"/>"), "and qcow2 through qdisk: " + xen);
    }
}
