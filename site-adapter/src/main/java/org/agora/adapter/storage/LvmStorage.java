package org.agora.adapter.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Each workspace's root disk is an LVM snapshot of a base logical volume
 * ({@code lvcreate -s -n agora-<id> -L <root MiB> VG/agorabase-…}); swap and scratch are plain
 * volumes {@code agora-<id>+swap} and {@code agora-<id>+scratch}. Disks are block devices, the
 * fastest path for Xen ({@code phy}) and KVM alike.
 *
 * <p>The base volume of an image is made on first use: a volume named after the image file
 * ({@code agorabase-<name>-<hash of path, size and time>}) that the image is copied into, then
 * tagged {@value #BASE_READY_TAG}; a base without the tag is a crashed copy and is made again.
 * Bases are shared and never released with a workspace. The snapshot's {@code -L} is its
 * copy-on-write space: the guest sees the base's size, and a snapshot whose writes exceed the
 * root size becomes invalid, so give root sizes with the guest's writes in mind.
 *
 * <p>Everything per workspace is named {@code agora-<id>…}, so {@link #leftovers()} lists the
 * volume group's {@code agora-*} volumes and {@link #release} removes them with {@code lvremove}.
 * The storage directory still holds the image repository, manifests and save files.
 */
public final class LvmStorage extends FileStorage {
    static final String PREFIX = "agora-";
    static final String BASE_PREFIX = "agorabase-";
    static final String BASE_READY_TAG = "agora_base_ready";
    private static final Pattern VG_NAME = Pattern.compile("[A-Za-z0-9+_.-]{1,127}");
    private static final int LV_NAME_MAX = 127;

    private final String volumeGroup;

    public LvmStorage(Path directory, String volumeGroup) throws StorageException {
        super(directory);
        if (volumeGroup == null || !VG_NAME.matcher(volumeGroup).matches() || volumeGroup.startsWith("-")) {
            throw new StorageException("volume group name '" + volumeGroup + "' is not a valid LVM name (check "
                    + "agora.adapter.storage.lvm.vg)", null);
        }
        if (!ExternalCommand.available("lvcreate")) {
            throw new StorageException("the lvm storage back-end needs the LVM tools, which are not installed "
                    + "(Debian package lvm2)", null);
        }
        this.volumeGroup = volumeGroup;
        try {
            ExternalCommand.run("vgs", "--noheadings", "-o", "vg_name", volumeGroup);
        } catch (StorageException e) {
            throw new StorageException("volume group " + volumeGroup + " is not usable (check "
                    + "agora.adapter.storage.lvm.vg): " + e.getMessage(), e);
        }
    }

    public String volumeGroup() {
        return volumeGroup;
    }

    /** The volume of a workspace's disk: {@code agora-<id>} for root, {@code agora-<id>+swap}, {@code agora-<id>+scratch}. */
    static String volumeName(String workspaceId, Disk.Role role) {
        String name = PREFIX + checkId(workspaceId) + (role == Disk.Role.ROOT ? "" : "+" + role.name().toLowerCase());
        if (name.length() > LV_NAME_MAX) {
            throw new IllegalArgumentException("workspace id '" + workspaceId + "' is too long for an LVM volume name");
        }
        return name;
    }

    /** The workspace a volume belongs to, or null when it is not a workspace's (bases, other volumes). */
    static String ownerOf(String volume) {
        if (!volume.startsWith(PREFIX)) {
            return null;
        }
        String rest = volume.substring(PREFIX.length());
        int plus = rest.indexOf('+');
        String id = plus < 0 ? rest : rest.substring(0, plus);
        return SAFE_ID.matcher(id).matches() ? id : null;
    }

    private Path device(String volume) {
        return Path.of("/dev", volumeGroup, volume);
    }

    @Override
    protected Disk makeRoot(String workspaceId, Path base, long rootMiB, Path work) throws StorageException,
            IOException {
        String volume = volumeName(workspaceId, Disk.Role.ROOT);
        if (base == null) {
            ExternalCommand.run("lvcreate", "-y", "-n", volume, "-L", rootMiB + "m", volumeGroup);
        } else {
            String origin = baseVolume(base);
            ExternalCommand.run("lvcreate", "-y", "-s", "-n", volume, "-L", rootMiB + "m", volumeGroup + "/" + origin);
        }
        return new Disk(device(volume), Disk.Format.RAW, "vda", Disk.Role.ROOT, true);
    }

    @Override
    protected Disk makeExtra(String workspaceId, Disk.Role role, long mib, String target, Path work)
            throws StorageException {
        String volume = volumeName(workspaceId, role);
        ExternalCommand.run("lvcreate", "-y", "-n", volume, "-L", mib + "m", volumeGroup);
        if (role == Disk.Role.SWAP) {
            formatSwap(workspaceId, device(volume).toString());
        }
        return new Disk(device(volume), Disk.Format.RAW, target, role, true);
    }

    /** The base volume holding {@code base}'s guest-visible bytes, made (or made again after a crash) when needed. */
    synchronized String baseVolume(Path base) throws StorageException, IOException {
        String name = baseVolumeName(base);
        Map<String, String> volumes = volumes();
        if (volumes.containsKey(name)) {
            if (volumes.get(name).contains(BASE_READY_TAG)) {
                return name;
            }
            // Made but never tagged: the copy into it did not finish.
            ExternalCommand.run("lvremove", "-y", "-f", volumeGroup + "/" + name);
        }
        boolean qcow2 = SparseCopy.isQcow2(base);
        long bytes = qcow2 ? Qcow2OverlayStorage.inspect(base).virtualSize() : Files.size(base);
        long mib = Math.max(1, (bytes + SparseCopy.MIB - 1) / SparseCopy.MIB);
        ExternalCommand.run("lvcreate", "-y", "-n", name, "-L", mib + "m", volumeGroup);
        if (qcow2) {
            ExternalCommand.run("qemu-img", "convert", "-n", "-f", "qcow2", "-O", "raw", base.toString(),
                    device(name).toString());
        } else {
            copyInto(base, device(name), bytes);
        }
        ExternalCommand.run("lvchange", "--addtag", BASE_READY_TAG, volumeGroup + "/" + name);
        return name;
    }

    static String baseVolumeName(Path base) throws IOException {
        String file = base.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        String stamp = base.toAbsolutePath() + "|" + Files.size(base) + "|" + Files.getLastModifiedTime(base).toMillis();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stamp.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest, 0, 4);
            String head = file.length() > 80 ? file.substring(0, 80) : file;
            return BASE_PREFIX + head + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void copyInto(Path from, Path device, long bytes) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(device, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
            long position = 0;
            while (position < bytes) {
                block.clear();
                int read = in.read(block, position);
                if (read <= 0) {
                    break;
                }
                block.flip();
                while (block.hasRemaining()) {
                    out.write(block, position + block.position());
                }
                position += read;
            }
            out.force(true);
        }
    }

    /** The volume group's volumes and their tags. */
    private Map<String, String> volumes() throws StorageException {
        String out = ExternalCommand.run("lvs", "--noheadings", "--separator", "|", "-o", "lv_name,lv_tags",
                volumeGroup);
        Map<String, String> volumes = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int bar = l.indexOf('|');
            volumes.put(bar < 0 ? l : l.substring(0, bar), bar < 0 ? "" : l.substring(bar + 1));
        }
        return volumes;
    }

    @Override
    protected void releaseVolumes(String workspaceId) throws StorageException {
        checkId(workspaceId);
        // Snapshots before plain volumes is not needed: each workspace volume is a leaf.
        for (String volume : volumes().keySet()) {
            if (workspaceId.equals(ownerOf(volume))) {
                ExternalCommand.run("lvremove", "-y", "-f", volumeGroup + "/" + volume);
            }
        }
    }

    @Override
    protected Set<String> volumeLeftovers() throws StorageException {
        Set<String> ids = new TreeSet<>();
        for (String volume : volumes().keySet()) {
            String owner = ownerOf(volume);
            if (owner != null) {
                ids.add(owner);
            }
        }
        return ids;
    }

    @Override
    protected void exportRoot(Disk root, Path to, Compression compression) throws StorageException, IOException {
        long bytes = Long.parseLong(ExternalCommand.run("blockdev", "--getsize64", root.source().toString()).strip());
        if (compression == Compression.GZIP) {
            SparseCopy.gzip(root.source(), to, bytes);
        } else {
            SparseCopy.copy(root.source(), to, bytes);
        }
    }
}
