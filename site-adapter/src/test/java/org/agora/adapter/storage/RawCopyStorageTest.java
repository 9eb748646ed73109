package org.agora.adapter.storage;

import static org.agora.adapter.storage.NodeTools.allocated;
import static org.agora.adapter.storage.NodeTools.patterned;
import static org.agora.adapter.storage.NodeTools.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawCopyStorageTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aBlankRootDiskHasTheRequestedSizeCostsNothingAndReleaseRemovesIt() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        List<Disk> disks = storage.prepare("ws1", null, DiskSpec.root(64));
        assertEquals(1, disks.size());
        Disk root = disks.get(0);
        assertEquals(new Disk(root.source(), Disk.Format.RAW, "vda", Disk.Role.ROOT, false), root);
        assertEquals(64 * MIB, Files.size(root.source()));
        assertTrue(allocated(root.source()) < MIB, "a blank disk is a hole: " + allocated(root.source()));
        assertEquals(disks, storage.prepare("ws1", null, DiskSpec.root(64)), "preparing twice gives the same disks");
        assertEquals(List.of("ws1"), storage.leftovers());
        storage.release("ws1");
        assertFalse(Files.exists(root.source()));
        storage.release("ws1");
        assertTrue(storage.leftovers().isEmpty());
        assertEquals(List.of("workspaces"), tree(storage.directory()), "nothing but the empty layout is left");
    }

    @Test
    void theRootDiskIsAPrivateSparseCopyOfTheBaseGrownToTheRequestedSize() throws Exception {
        Path base = patterned(dir.resolve("base.img"), 8);
        byte[] baseBytes = Files.readAllBytes(base);
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        Path root = storage.prepare("ws1", base, DiskSpec.root(32)).get(0).source();
        assertEquals(32 * MIB, Files.size(root));
        assertArrayEquals(baseBytes, Arrays.copyOf(Files.readAllBytes(root), baseBytes.length), "the base's bytes");
        assertTrue(allocated(root) <= 3 * MIB, "holes stay holes (two 1 MiB blocks hold data): " + allocated(root) + " bytes allocated");
        Files.write(root, "written by the guest".getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.WRITE);
        assertArrayEquals(baseBytes, Files.readAllBytes(base), "the base is not touched by the guest's writes");
        Path small = storage.prepare("ws2", base, DiskSpec.root(1)).get(0).source();
        assertEquals(8 * MIB, Files.size(small), "a base larger than the asked size keeps its own size");
    }

    @Test
    void swapAndScratchDisksFollowTheRootOnTheNextTargets() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        List<Disk> disks = storage.prepare("ws1", null, new DiskSpec(16, 8, 32));
        assertEquals(List.of("vda", "vdb", "vdc"), disks.stream().map(Disk::target).toList());
        assertEquals(List.of(Disk.Role.ROOT, Disk.Role.SWAP, Disk.Role.SCRATCH), disks.stream().map(Disk::role).toList());
        assertEquals(8 * MIB, Files.size(disks.get(1).source()));
        assertEquals(32 * MIB, Files.size(disks.get(2).source()));
        assertTrue(allocated(disks.get(2).source()) < MIB, "scratch is sparse until the guest writes");
        if (NodeTools.has("mkswap")) {
            assertEquals("SWAPSPACE2", signature(disks.get(1).source(), 4096 - 10, 10),
                    "swap carries mkswap's signature (4 KiB pages)");
        }
        List<Disk> scratchOnly = storage.prepare("ws2", null, new DiskSpec(16, 0, 4));
        assertEquals(List.of("vda", "vdb"), scratchOnly.stream().map(Disk::target).toList(), "no gap without swap");
        storage.release("ws1");
        storage.release("ws2");
        assertEquals(List.of("workspaces"), tree(storage.directory()));
    }

    @Test
    void anIdThatCouldEscapeTheDirectoryIsRefused() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir);
        assertThrows(IllegalArgumentException.class, () -> storage.prepare("../etc/passwd", null, DiskSpec.root(1)));
        assertThrows(IllegalArgumentException.class, () -> storage.release(".hidden"));
    }

    @Test
    void savingCopiesTheRootDiskIntoTheRepositoryKeepingItsBytesAndItsHoles() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        Path disk = storage.prepare("ws1", patterned(dir.resolve("base.img"), 8), new DiskSpec(8, 4, 0)).get(0).source();
        assertEquals("kept", storage.save("ws1", "kept", Compression.NONE));
        Path saved = storage.images().resolve("kept.img");
        assertArrayEquals(Files.readAllBytes(disk), Files.readAllBytes(saved), "same bytes");
        assertTrue(allocated(saved) <= 3 * MIB, "the saved image stays sparse: " + allocated(saved));
        assertEquals(saved, storage.locate("kept"), "a saved image is found by the name save returned");
        assertEquals(saved, storage.locate("kept.img"));
        assertEquals(Path.of("/abs/vmlinuz"), storage.locate("/abs/vmlinuz"));
        StorageException twice = assertThrows(StorageException.class, () -> storage.save("ws1", "kept", Compression.GZIP));
        assertTrue(twice.getMessage().contains("already exists"), twice.getMessage());
        assertThrows(StorageException.class, () -> storage.save("ws1", "../escape", Compression.NONE));
        assertEquals(List.of("ws1"), storage.leftovers(), "saved images are not workspace disks");
    }

    @Test
    void savingCompressedWritesAGzipOfTheRootDiskThatIsSmallerThanItsData() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        Path disk = storage.prepare("ws1", patterned(dir.resolve("base.img"), 16), DiskSpec.root(16)).get(0).source();
        assertEquals("packed", storage.save("ws1", "packed", Compression.GZIP));
        Path saved = storage.images().resolve("packed.img.gz");
        assertFalse(Files.exists(storage.images().resolve("packed.img")), "only the compressed image is stored");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(saved))) {
            assertArrayEquals(Files.readAllBytes(disk), in.readAllBytes(), "unpacks to the disk's bytes");
        }
        assertTrue(Files.size(saved) < 100_000, "16 MiB of mostly zeros compress: " + Files.size(saved));
        storage.release("ws1");
        assertEquals(List.of("images", "images/packed.img.gz", "workspaces"), tree(storage.directory()),
                "release keeps the repository, removes the workspace");
    }

    @Test
    void leftoversFindWhatACrashedPrepareOrSaveLeftAndReleaseRemovesIt() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        storage.prepare("alive", null, DiskSpec.root(4));
        // As a prepare killed half-way leaves it: its working directory with a partial disk and no manifest.
        Path crashed = storage.workspaces().resolve(".crashed.partial");
        Files.createDirectories(crashed);
        Files.write(crashed.resolve("root.img"), new byte[4096]);
        // A save killed half-way, in a workspace whose domain is gone.
        storage.prepare("saving", null, DiskSpec.root(4));
        Files.write(storage.workspaceDir("saving").resolve(".save.partial"), new byte[4096]);
        // A disk of the one-file layout earlier adapters made.
        Files.write(storage.directory().resolve("legacy.img"), new byte[4096]);

        assertEquals(List.of("alive", "crashed", "legacy", "saving"), storage.leftovers());
        for (String id : List.of("crashed", "legacy", "saving")) {
            storage.release(id);
        }
        assertEquals(List.of("alive"), storage.leftovers());
        assertEquals(List.of("workspaces", "workspaces/alive", "workspaces/alive/disks", "workspaces/alive/root.img"),
                tree(storage.directory()), "only the live workspace is left");
    }

    @Test
    void preparingAfterACrashStartsFromCleanAndAFailedPrepareLeavesNothing() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        Path crashed = storage.workspaces().resolve(".ws1.partial");
        Files.createDirectories(crashed);
        Files.write(crashed.resolve("root.img"), "stale".getBytes(StandardCharsets.US_ASCII));
        Path root = storage.prepare("ws1", null, DiskSpec.root(4)).get(0).source();
        assertEquals(0, Files.readAllBytes(root)[0], "the stale half-made disk was not reused");
        assertFalse(Files.exists(crashed));

        StorageException missing = assertThrows(StorageException.class,
                () -> storage.prepare("ws2", dir.resolve("no-such-base.img"), DiskSpec.root(4)));
        assertTrue(missing.getMessage().contains("no-such-base.img"), missing.getMessage());
        assertEquals(List.of("ws1"), storage.leftovers(), "the failed prepare left nothing");
    }

    @Test
    void aQcow2BaseIsConvertedNotCopiedAsBytes() throws Exception {
        RealPeer.require("qemu-img", NodeTools.has("qemu-img"), "Debian package qemu-utils");
        Path raw = patterned(dir.resolve("base.img"), 4);
        Path qcow2 = dir.resolve("base.qcow2");
        NodeTools.run("qemu-img", "convert", "-O", "qcow2", raw.toString(), qcow2.toString());
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        Path root = storage.prepare("ws1", qcow2, DiskSpec.root(4)).get(0).source();
        assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(root), "the guest sees the image, not qcow2");
    }

    private static String signature(Path file, long offset, int length) throws Exception {
        try (FileChannel in = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            in.read(b, offset);
            return new String(b.array(), StandardCharsets.US_ASCII);
        }
    }
}
