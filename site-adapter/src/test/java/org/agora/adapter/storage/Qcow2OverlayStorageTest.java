package org.agora.adapter.storage;

import static org.agora.adapter.storage.NodeTools.patterned;
import static org.agora.adapter.storage.NodeTools.run;
import static org.agora.adapter.storage.NodeTools.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the real qemu-img and qemu-io of the node. */
class Qcow2OverlayStorageTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private Qcow2OverlayStorage storage;

    @BeforeEach
    void needsQemuTools() throws Exception {
        RealPeer.require("qemu-img and qemu-io", NodeTools.has("qemu-img") && NodeTools.has("qemu-io"),
                "Debian package qemu-utils");
        storage = new Qcow2OverlayStorage(dir.resolve("storage"));
    }

    @Test
    void theRootDiskIsAnOverlayBackedByTheBaseAndTheGuestsWritesLeaveTheBaseUnchanged() throws Exception {
        Path base = patterned(dir.resolve("base.img"), 8);
        byte[] baseBytes = Files.readAllBytes(base);
        List<Disk> disks = storage.prepare("ws1", base, DiskSpec.root(32));
        Disk root = disks.get(0);
        assertEquals(Disk.Format.QCOW2, root.format());
        assertEquals("vda", root.target());
        String info = run("qemu-img", "info", "--output=json", root.source().toString());
        assertTrue(info.contains("\"backing-filename\": \"" + base.toAbsolutePath() + "\""), info);
        assertTrue(info.contains("\"backing-filename-format\": \"raw\""), info);
        assertTrue(info.contains("\"virtual-size\": " + 32 * MIB), "grown to the asked size: " + info);
        assertTrue(Files.size(root.source()) < MIB, "an overlay costs only its metadata at first");

        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x41 0 64k", root.source().toString());
        run("qemu-io", "-f", "qcow2", "-c", "read -P 0x41 0 64k", root.source().toString());
        String unchangedPart = run("qemu-io", "-f", "qcow2", "-c", "read -v 3145728 32", root.source().toString());
        assertTrue(unchangedPart.contains("guest.data"), "unwritten blocks still come from the base: " + unchangedPart);
        assertArrayEquals(baseBytes, Files.readAllBytes(base), "the base is unchanged");
    }

    @Test
    void aQcow2BaseIsNamedAsQcow2AndABlankRootIsAPlainQcow2() throws Exception {
        Path base = dir.resolve("base.qcow2");
        run("qemu-img", "convert", "-O", "qcow2", patterned(dir.resolve("base.img"), 4).toString(), base.toString());
        Path root = storage.prepare("ws1", base, DiskSpec.root(1)).get(0).source();
        String info = run("qemu-img", "info", "--output=json", root.toString());
        assertTrue(info.contains("\"backing-filename-format\": \"qcow2\""), info);
        assertTrue(info.contains("\"virtual-size\": " + 4 * MIB), "never smaller than the base: " + info);

        Path blank = storage.prepare("ws2", null, DiskSpec.root(16)).get(0).source();
        String blankInfo = run("qemu-img", "info", "--output=json", blank.toString());
        assertFalse(blankInfo.contains("backing-filename"), blankInfo);
        assertTrue(blankInfo.contains("\"virtual-size\": " + 16 * MIB), blankInfo);
    }

    @Test
    void aBaseWithABackingFileOfItsOwnIsRefusedWithQemuImgsWords() throws Exception {
        Path secret = patterned(dir.resolve("secret.img"), 1);
        Path chained = dir.resolve("chained.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", secret.toString(), "-F", "raw", chained.toString());
        StorageException refused = assertThrows(StorageException.class,
                () -> storage.prepare("ws1", chained, DiskSpec.root(4)));
        assertTrue(refused.getMessage().contains("backing or data file"), refused.getMessage());
        assertTrue(storage.leftovers().isEmpty(), "nothing is left of the refused prepare");

        Path garbage = Files.write(dir.resolve("not-an-image.qcow2"),
                new byte[] {'Q', 'F', 'I', (byte) 0xfb, 'n', 'o', 't', ' ', 'r', 'e', 'a', 'l', 'l', 'y'});
        StorageException failed = assertThrows(StorageException.class,
                () -> storage.prepare("ws2", garbage, DiskSpec.root(4)));
        assertTrue(failed.getMessage().contains("qemu-img info") && failed.getMessage().contains("Could not open"),
                "the message carries the tool's own: " + failed.getMessage());
    }

    @Test
    void savingFlattensOverlayAndBaseIntoOneImageCompressedOrNot() throws Exception {
        Path base = patterned(dir.resolve("base.img"), 8);
        Path root = storage.prepare("ws1", base, DiskSpec.root(8)).get(0).source();
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x42 1m 4k", root.toString());
        byte[] expected = Files.readAllBytes(base);
        Arrays.fill(expected, (int) MIB, (int) MIB + 4096, (byte) 0x42);

        storage.save("ws1", "flat", Compression.NONE);
        assertArrayEquals(expected, Files.readAllBytes(storage.images().resolve("flat.img")),
                "the saved image holds the base and the guest's writes, no backing file");
        storage.save("ws1", "packed", Compression.GZIP);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(storage.images().resolve("packed.img.gz")))) {
            assertArrayEquals(expected, in.readAllBytes());
        }
        storage.release("ws1");
        assertEquals(List.of("images", "images/flat.img", "images/packed.img.gz", "workspaces"),
                tree(storage.directory()), "no temporary file of either save is left");
        assertTrue(Files.exists(base), "the base outlives the workspace");
    }

    @Test
    void aHalfMadeOverlayIsALeftoverAndIsRemoved() throws Exception {
        Path base = patterned(dir.resolve("base.img"), 4);
        Path crashed = storage.workspaces().resolve(".ws9.partial");
        Files.createDirectories(crashed);
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "raw",
                crashed.resolve("root.qcow2").toString());
        Files.writeString(crashed.resolve("swap.img"), "half", StandardCharsets.US_ASCII);
        assertEquals(List.of("ws9"), storage.leftovers());
        storage.release("ws9");
        assertEquals(List.of("workspaces"), tree(storage.directory()));
    }
}
