package org.agora.adapter.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The naming rules always; real volumes only where the machine allows: root, lvm2, a kernel with
 * device-mapper, and a loop device to put a throw-away volume group on (a sparse file in @TempDir).
 */
class LvmStorageTest {
    @TempDir
    Path dir;
    private String loop;
    private String vg;

    @Test
    void workspaceVolumesAreNamedSoLeftoversFindThemAndBasesAreNeverAWorkspaces() {
        assertEquals("agora-ws1", LvmStorage.volumeName("ws1", Disk.Role.ROOT));
        assertEquals("agora-ws1+swap", LvmStorage.volumeName("ws1", Disk.Role.SWAP));
        assertEquals("agora-ws1+scratch", LvmStorage.volumeName("ws1", Disk.Role.SCRATCH));
        assertEquals("ws1", LvmStorage.ownerOf("agora-ws1+scratch"));
        assertEquals("base-x", LvmStorage.ownerOf("agora-base-x"), "an id may look like anything safe");
        assertNull(LvmStorage.ownerOf("agorabase-debian-12.img-1a2b3c4d"), "shared bases are not released");
        assertNull(LvmStorage.ownerOf("home"), "the admin's volumes are not Agora's");
        assertThrows(IllegalArgumentException.class, () -> LvmStorage.volumeName("../x", Disk.Role.ROOT));
    }

    @Test
    void snapshotsSwapAndScratchAreVolumesAndReleaseRemovesThemAfterACrashToo() throws Exception {
        RealPeer.require("root, for LVM", "0".equals(NodeTools.run("id", "-u").strip()), "run as root, as .ci/run does");
        RealPeer.require("lvcreate, vgcreate, losetup and dmsetup", LVM_TOOLS.stream().allMatch(NodeTools::has),
                "Debian packages lvm2, util-linux, dmsetup");
        String why = whyNoVolumeGroup();
        // The kernel's device-mapper and loop devices are the host's, not a package CI can install: a
        // container without them skips this test even on CI, and the run's skip summary names it.
        assumeTrue(why == null, () -> "LVM cannot be tested on this machine: " + why);
        Path base = NodeTools.patterned(dir.resolve("base.img"), 8);
        LvmStorage storage = new LvmStorage(dir.resolve("storage"), vg);
        List<Disk> disks = storage.prepare("ws1", base, new DiskSpec(16, 8, 8));
        assertEquals(List.of(Path.of("/dev", vg, "agora-ws1"), Path.of("/dev", vg, "agora-ws1+swap"),
                Path.of("/dev", vg, "agora-ws1+scratch")), disks.stream().map(Disk::source).toList());
        assertTrue(disks.stream().allMatch(Disk::block));
        byte[] expected = Files.readAllBytes(base);
        byte[] seen = new byte[expected.length];
        try (var in = Files.newInputStream(disks.get(0).source())) {
            assertEquals(expected.length, in.readNBytes(seen, 0, seen.length));
        }
        assertArrayEquals(expected, seen, "the snapshot shows the base's bytes");
        String origin = NodeTools.run("lvs", "--noheadings", "-o", "origin", vg + "/agora-ws1").strip();
        assertTrue(origin.startsWith("agorabase-base.img-"), "a snapshot of the base volume: " + origin);

        NodeTools.run("lvcreate", "-y", "-n", "agora-crashed", "-L", "4m", vg); // as a crashed prepare left it
        assertEquals(List.of("crashed", "ws1"), storage.leftovers());
        storage.release("ws1");
        storage.release("crashed");
        assertEquals(List.of(), storage.leftovers());
        String left = NodeTools.run("lvs", "--noheadings", "-o", "lv_name", vg);
        assertTrue(Arrays.stream(left.split("\n")).map(String::strip).noneMatch(n -> n.startsWith("agora-")), left);
        assertTrue(left.contains("agorabase-"), "the base stays for the next workspace: " + left);
    }

    private static final List<String> LVM_TOOLS = List.of("lvcreate", "vgcreate", "losetup", "dmsetup");

    /** Null when a throw-away volume group could be made (as root, with the tools); otherwise why not. */
    private String whyNoVolumeGroup() throws Exception {
        String dm = quiet("dmsetup", "version");
        if (dm != null) {
            return "the kernel's device-mapper is not usable, so no logical volume can be activated: " + dm;
        }
        Path pv = dir.resolve("pv.img");
        NodeTools.run("truncate", "-s", "256M", pv.toString());
        Process p = new ProcessBuilder("losetup", "-f", "--show", pv.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            return "no loop device could be attached: " + out;
        }
        loop = out;
        vg = "agoratest" + UUID.randomUUID().toString().substring(0, 8);
        String made = quiet("vgcreate", "-y", vg, loop);
        return made == null ? null : "vgcreate on " + loop + " failed: " + made;
    }

    private static String quiet(String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : out;
    }

    @AfterEach
    void removeVolumeGroup() throws Exception {
        if (vg != null) {
            quiet("vgremove", "-y", "-f", vg);
            quiet("pvremove", "-y", loop);
        }
        if (loop != null) {
            quiet("losetup", "-d", loop);
        }
    }
}
