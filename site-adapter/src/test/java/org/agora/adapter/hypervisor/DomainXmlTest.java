package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
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
    void domainTypeFollowsTheConnection() {
        assertEquals("test", DomainXml.domainType("test:///default"));
        assertEquals("qemu", DomainXml.domainType("qemu:///system"));
        assertEquals("xen", DomainXml.domainType("xen:///system"));
    }

    @Test
    void aDomainWithoutAgoraMetadataHasNoWorkspace() {
        assertEquals(Optional.empty(), DomainXml.workspaceIdOf("<domain type='test'><name>test</name></domain>"));
        assertEquals(Optional.empty(), DomainXml.workspaceIdOf("not xml"));
    }
}
