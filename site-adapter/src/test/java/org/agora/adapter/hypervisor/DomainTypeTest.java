package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * The domain type a node's guests get, from capabilities libvirt really wrote: its test driver's
 * (asked live) and those of this project's CI host, saved from {@code virsh -c qemu:///system
 * capabilities} (x86_64 with /dev/kvm: kvm and qemu offered for i686 and x86_64).
 */
class DomainTypeTest {
    private static GuestCapabilities kvmHost;
    private static GuestCapabilities testDriver;

    @BeforeAll
    static void capabilities() throws Exception {
        kvmHost = GuestCapabilities.parse(resource("/capabilities/qemu-system-kvm-x86_64.xml"));
        Connect test = new Connect("test:///default", true);
        try {
            testDriver = GuestCapabilities.parse(test.getCapabilities());
        } finally {
            test.close();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DomainTypeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void capabilitiesNameTheHostArchAndTheDomainTypesPerGuestArch() {
        assertEquals("x86_64", kvmHost.hostArch());
        assertTrue(kvmHost.offers("x86_64", "kvm") && kvmHost.offers("x86_64", "qemu"));
        assertTrue(kvmHost.offers("i686", "kvm"));
        assertFalse(kvmHost.offers("aarch64", "kvm"));
        assertEquals("i686", testDriver.hostArch());
        assertEquals(java.util.List.of("test"), testDriver.domainTypes("i686"));
    }

    @Test
    void autoTakesKvmWhereLibvirtOffersItForTheGuestsArch() throws Exception {
        DomainType type = DomainType.choose(DomainTypeChoice.AUTO, "qemu:///system", kvmHost, "x86_64");
        assertEquals("kvm", type.name());
        assertTrue(type.reason().contains("offers a kvm domain for x86_64"), type.reason());
    }

    @Test
    void autoFallsBackToQemuWhereNoKvmDomainIsListed() throws Exception {
        DomainType onTestCaps = DomainType.choose(DomainTypeChoice.AUTO, "qemu:///system", testDriver, "i686");
        assertEquals("qemu", onTestCaps.name());
        assertTrue(onTestCaps.reason().contains("no kvm domain for i686 guests (it offers test)"), onTestCaps.reason());
        // An architecture the host cannot accelerate is emulated even on a KVM host.
        assertEquals("qemu", DomainType.choose(DomainTypeChoice.AUTO, "qemu:///system", kvmHost, "aarch64").name());
    }

    @Test
    void qemuForcedByTheSiteWinsOverAnOfferedKvm() throws Exception {
        DomainType type = DomainType.choose(DomainTypeChoice.QEMU, "qemu:///system", kvmHost, "x86_64");
        assertEquals("qemu", type.name());
        assertTrue(type.reason().contains("forced") && type.reason().contains("although libvirt offers kvm"),
                type.reason());
    }

    @Test
    void kvmForcedWhereLibvirtOffersNoneIsRefusedWithWhatToCheck() throws Exception {
        assertEquals("kvm", DomainType.choose(DomainTypeChoice.KVM, "qemu:///system", kvmHost, "x86_64").name());
        DomainType.Unavailable refused = assertThrows(DomainType.Unavailable.class,
                () -> DomainType.choose(DomainTypeChoice.KVM, "qemu:///system", testDriver, "i686"));
        assertTrue(refused.getMessage().contains("no kvm domain for i686") && refused.getMessage().contains("/dev/kvm")
                && refused.getMessage().contains("auto or qemu"), refused.getMessage());
    }

    @Test
    void theTestDriverAndXenKeepTheirOwnTypeWhateverTheChoice() throws Exception {
        assertEquals("test", DomainType.choose(DomainTypeChoice.KVM, "test:///default", testDriver, "i686").name());
        assertEquals("xen", DomainType.choose(DomainTypeChoice.AUTO, "xen:///system", kvmHost, "x86_64").name());
    }

    @Test
    void theChosenTypeIsTheDomainsAndKeepsVirtioDevices() {
        DomainDefinition d = new DomainDefinition("ws-kvm", "/CN=Jane", "debian-12", 1, 256,
                java.nio.file.Path.of("/var/lib/agora/storage/ws-kvm.img"), 1024, false);
        String xml = DomainXml.build(d, new DomainType("kvm", "offered"), "x86_64", false);
        assertTrue(xml.startsWith("<domain type=\"kvm\">"), xml);
        assertTrue(xml.contains("bus=\"virtio\"") && xml.contains("<model type=\"virtio\"/>"), xml);
    }

    @Test
    void aDocumentThatIsNotCapabilitiesIsRefusedQuotingItsStart() {
        HypervisorException e = assertThrows(HypervisorException.class,
                () -> GuestCapabilities.parse("<domain type='kvm'><name>x</name></domain>"));
        assertTrue(e.getMessage().contains("<domain>, not <capabilities>") && e.getMessage().contains("'<domain type="),
                e.getMessage());
    }
}
