package org.agora.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.agora.adapter.storage.LoopbackStorage;
import org.agora.adapter.storage.Qcow2OverlayStorage;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.adapter.storage.StorageException;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterSettingsTest {
    @TempDir
    Path dir;

    private Settings settings(String... keyValues) throws ConfigurationException {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        values.put(AdapterSettings.STORAGE_DIR.key(), dir.resolve("storage").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return AdapterSettings.SCHEMA.fromMap("test", values);
    }

    @Test
    void theBackEndIsRawUnlessOneIsNamed() throws Exception {
        assertEquals("raw", AdapterSettings.SCHEMA.defaults().get(AdapterSettings.STORAGE_BACKEND));
        assertInstanceOf(RawCopyStorage.class, SiteAdapter.storage(settings()));
        assertInstanceOf(LoopbackStorage.class, SiteAdapter.storage(settings("agora.adapter.storage.backend", "loopback")));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is not installed (qemu-utils)");
        assertInstanceOf(Qcow2OverlayStorage.class, SiteAdapter.storage(settings("agora.adapter.storage.backend", "qcow2")));
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
}
