package org.agora.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.agora.adapter.hypervisor.DomainTypeChoice;
import org.agora.adapter.liveness.ReadinessChoice;
import org.agora.adapter.storage.LoopbackStorage;
import org.agora.adapter.storage.Qcow2OverlayStorage;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.adapter.storage.StorageException;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterSettingsTest {
    @TempDir
    Path dir;

    private Settings settings(String... keyValues) throws ConfigurationException {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        values.put(AdapterSettings.STORAGE_DIR.key(), dir.resolve("storage").toString());
        values.put(AdapterSettings.SERVICE_DNS.key(), "/DC=org/DC=example/CN=host/agora.example.org");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return AdapterSettings.SCHEMA.fromMap("test", values);
    }

    @Test
    void theBackEndIsRawUnlessOneIsNamed() throws Exception {
        assertEquals("raw", AdapterSettings.STORAGE_BACKEND.defaultValue());
        assertInstanceOf(RawCopyStorage.class, SiteAdapter.storage(settings()));
        assertInstanceOf(LoopbackStorage.class, SiteAdapter.storage(settings("agora.adapter.storage.backend", "loopback")));
        RealPeer.require("qemu-img", Files.isExecutable(Path.of("/usr/bin/qemu-img")), "Debian package qemu-utils");
        assertInstanceOf(Qcow2OverlayStorage.class, SiteAdapter.storage(settings("agora.adapter.storage.backend", "qcow2")));
    }

    @Test
    void theDomainTypeIsAutoUnlessForcedAndAnUnknownOneIsRefusedAtStartUp() throws Exception {
        assertEquals(DomainTypeChoice.AUTO, AdapterSettings.domainType(settings()));
        assertEquals(DomainTypeChoice.QEMU, AdapterSettings.domainType(settings("agora.adapter.domain.type", "qemu")));
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> settings("agora.adapter.domain.type", "hvm"));
        assertTrue(unknown.getMessage().contains("agora.adapter.domain.type")
                && unknown.getMessage().contains("one of auto, kvm, qemu"), unknown.getMessage());
        ConfigurationException onXen = assertThrows(ConfigurationException.class, () -> AdapterSettings.validate(
                settings("agora.adapter.libvirt.uri", "xen:///system", "agora.adapter.domain.type", "kvm")));
        assertTrue(onXen.getMessage().contains("agora.adapter.domain.type is kvm but this node's guests are Xen's"),
                onXen.getMessage());
    }

    @Test
    void lvmNeedsItsVolumeGroupAndTheVolumeGroupNeedsLvm() throws Exception {
        ConfigurationException noVg = assertThrows(ConfigurationException.class,
                () -> AdapterSettings.validate(settings("agora.adapter.storage.backend", "lvm")));
        assertTrue(noVg.getMessage().contains("agora.adapter.storage.lvm.vg"), noVg.getMessage());
        ConfigurationException stray = assertThrows(ConfigurationException.class,
                () -> AdapterSettings.validate(settings("agora.adapter.storage.lvm.vg", "vg0")));
        assertTrue(stray.getMessage().contains("not lvm"), stray.getMessage());
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> settings("agora.adapter.storage.backend", "zfs"));
        assertTrue(unknown.getMessage().contains("one of loopback, lvm, qcow2, raw"), unknown.getMessage());
        AdapterSettings.validate(settings("agora.adapter.storage.backend", "lvm", "agora.adapter.storage.lvm.vg", "vg0"));
        StorageException missingVg = assertThrows(StorageException.class, () -> SiteAdapter.storage(settings(
                "agora.adapter.storage.backend", "lvm", "agora.adapter.storage.lvm.vg", "no-such-vg-" + Map.of().size())));
        assertTrue(missingVg.getMessage().startsWith("agora.adapter.storage.backend = lvm: "), missingVg.getMessage());
    }

    @Test
    void theReadinessProbeIsReadFromItsSettingAndFallsBackToWhatAMarkerAloneMeant() throws Exception {
        assertEquals("running", AdapterSettings.readiness(settings()).toString());
        assertEquals("console", AdapterSettings.readiness(settings("agora.adapter.readiness.marker", "UP")).toString());
        ReadinessChoice tcp = AdapterSettings.readiness(settings("agora.adapter.readiness", "tcp:22"));
        assertEquals(ReadinessChoice.Kind.TCP, tcp.kind());
        assertEquals(22, tcp.port());
        assertEquals("ping", AdapterSettings.readiness(settings("agora.adapter.readiness", "ping")).toString());
        AdapterSettings.validate(settings("agora.adapter.readiness", "tcp:22", "agora.adapter.readiness.timeout.millis",
                "300"));
        AdapterSettings.validate(settings("agora.adapter.readiness", "console", "agora.adapter.readiness.marker", "UP"));
    }

    @Test
    void aReadinessProbeThatIsNoneOfTheKnownOnesIsRefusedWithItsLineAndTheForms() throws Exception {
        Path file = dir.resolve("agora-adapter.properties");
        Files.writeString(file, "agora.adapter.storage.dir = " + dir.resolve("storage") + "\n"
                + "agora.adapter.readiness = tcp:70000\n");
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> AdapterSettings.SCHEMA.load(file));
        assertTrue(bad.getMessage().contains("line 2: agora.adapter.readiness = 'tcp:70000' is not valid; allowed: "
                + "running, console, ping or tcp:PORT (PORT from 1 to 65535)"), bad.getMessage());
        for (String wrong : new String[] {"icmp", "tcp", "tcp:", "tcp:ssh", "tcp:0", "TCP:22"}) {
            assertThrows(ConfigurationException.class, () -> settings("agora.adapter.readiness", wrong), wrong);
        }
    }

    @Test
    void theConsoleProbeNeedsAMarkerAndOtherProbesRefuseOne() throws Exception {
        ConfigurationException noMarker = assertThrows(ConfigurationException.class,
                () -> AdapterSettings.validate(settings("agora.adapter.readiness", "console")));
        assertTrue(noMarker.getMessage().contains("agora.adapter.readiness = console needs agora.adapter.readiness.marker"),
                noMarker.getMessage());
        ConfigurationException strayMarker = assertThrows(ConfigurationException.class, () -> AdapterSettings.validate(
                settings("agora.adapter.readiness", "tcp:22", "agora.adapter.readiness.marker", "UP")));
        assertTrue(strayMarker.getMessage().contains("agora.adapter.readiness.marker is set but agora.adapter.readiness "
                + "is tcp:22"), strayMarker.getMessage());
        ConfigurationException strayTimeout = assertThrows(ConfigurationException.class, () -> AdapterSettings.validate(
                settings("agora.adapter.readiness.timeout.millis", "500")));
        assertTrue(strayTimeout.getMessage().contains("for the ping and tcp:PORT probes only"), strayTimeout.getMessage());
    }

    @Test
    void theSampleConfigurationDocumentsTheReadinessProbe() {
        String sample = AdapterSettings.SCHEMA.sample();
        assertTrue(sample.contains("#agora.adapter.readiness = \n"), sample);
        assertTrue(sample.contains("# Allowed: running, console, ping or tcp:PORT (PORT from 1 to 65535)"), sample);
        assertTrue(sample.contains("CAP_NET_RAW"), sample);
    }
}
