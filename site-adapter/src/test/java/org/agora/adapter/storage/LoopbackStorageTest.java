package org.agora.adapter.storage;

import static org.agora.adapter.storage.NodeTools.allocated;
import static org.agora.adapter.storage.NodeTools.run;
import static org.agora.adapter.storage.NodeTools.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackStorageTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theDiskIsAllocatedUpFrontAndItsFileSystemFillsItWithTheImagesFiles() throws Exception {
        RealPeer.require("mkfs.ext4, debugfs and dumpe2fs",
                NodeTools.has("mkfs.ext4") && NodeTools.has("debugfs") && NodeTools.has("dumpe2fs"), "Debian package e2fsprogs");
        Path content = Files.createDirectories(dir.resolve("content/etc"));
        Files.writeString(content.resolve("hostname"), "agora-guest\n");
        Path base = dir.resolve("base.ext4");
        run("mkfs.ext4", "-q", "-F", "-d", dir.resolve("content").toString(), base.toString(), "16M");

        LoopbackStorage storage = new LoopbackStorage(dir.resolve("storage"));
        Disk root = storage.prepare("ws1", base, DiskSpec.root(64)).get(0);
        assertEquals(Disk.Format.RAW, root.format());
        assertEquals(64 * MIB, Files.size(root.source()));
        assertTrue(allocated(root.source()) >= 64 * MIB, "no holes: " + allocated(root.source()));

        String header = run("dumpe2fs", "-h", root.source().toString());
        assertEquals(64 * MIB, field(header, "Block count") * field(header, "Block size"),
                "the file system was grown to the disk: " + header);
        assertEquals("agora-guest\n", run("debugfs", "-R", "cat /etc/hostname", root.source().toString())
                .replaceFirst("(?s)^debugfs [^\n]*\n", ""), "the image's files are in it");
        storage.release("ws1");
        assertEquals(List.of("workspaces"), tree(storage.directory()));
    }

    @Test
    void aPartitionedOrBlankImageIsCopiedAndAllocatedWithoutTouchingItsContent() throws Exception {
        LoopbackStorage storage = new LoopbackStorage(dir.resolve("storage"));
        Path base = NodeTools.patterned(dir.resolve("base.img"), 4);
        Disk root = storage.prepare("ws1", base, DiskSpec.root(8)).get(0);
        byte[] disk = Files.readAllBytes(root.source());
        assertEquals("agora base image", new String(disk, 0, 16, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(allocated(root.source()) >= 8 * MIB);
        Disk blank = storage.prepare("ws2", null, DiskSpec.root(4)).get(0);
        assertTrue(allocated(blank.source()) >= 4 * MIB, "a blank loopback disk is allocated too");
    }

    private static long field(String dumpe2fs, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(dumpe2fs);
        assertTrue(m.find(), name + " in " + dumpe2fs);
        return Long.parseLong(m.group(1));
    }
}
