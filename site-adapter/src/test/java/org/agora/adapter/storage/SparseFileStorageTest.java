package org.agora.adapter.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseFileStorageTest {
    @TempDir
    Path dir;

    @Test
    void aDiskHasTheRequestedSizeAndReleaseRemovesIt() throws Exception {
        SparseFileStorage storage = new SparseFileStorage(dir.resolve("storage"));
        Path disk = storage.prepare("ws1", "debian-12", 64);
        assertEquals(64L * 1024 * 1024, Files.size(disk));
        assertEquals(disk, storage.prepare("ws1", "debian-12", 64), "preparing twice gives the same disk");
        assertEquals(List.of("ws1"), storage.leftovers());
        storage.release("ws1");
        assertFalse(Files.exists(disk));
        storage.release("ws1");
        assertTrue(storage.leftovers().isEmpty());
    }

    @Test
    void anIdThatCouldEscapeTheDirectoryIsRefused() throws Exception {
        SparseFileStorage storage = new SparseFileStorage(dir);
        assertThrows(IllegalArgumentException.class, () -> storage.prepare("../etc/passwd", "x", 1));
    }
}
