package org.agora.adapter.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SmartDomains' loopback file: a raw file of the requested size, with the image copied in, meant
 * to be loop-mounted on the node ({@code mount -o loop}) to prepare the guest's files before boot.
 * It differs from {@link RawCopyStorage} in two ways:
 * <ul>
 *   <li>the file is allocated up front ({@code fallocate}), not sparse: a node that runs out of
 *       disk fails at prepare, with a message, rather than the guest later with I/O errors;</li>
 *   <li>when the base is a bare ext2/3/4 file system (no partition table, as SmartDomains' images
 *       were), it is checked and grown with {@code e2fsck}/{@code resize2fs} to fill the file, so
 *       the guest and a loop mount both see the whole requested size.</li>
 * </ul>
 * Needs fallocate (util-linux); growing the file system needs e2fsprogs and is skipped, with a
 * log line, when they are missing or the base is partitioned.
 */
public final class LoopbackStorage extends FileStorage {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackStorage.class);
    private static final int EXT_MAGIC_OFFSET = 1080;
    private static final short EXT_MAGIC = (short) 0xEF53;

    public LoopbackStorage(Path directory) throws StorageException {
        super(directory);
        if (!ExternalCommand.available("fallocate")) {
            throw new StorageException("the loopback storage back-end needs fallocate (Debian package util-linux)",
                    null);
        }
    }

    @Override
    protected Disk makeRoot(String workspaceId, Path base, long rootMiB, Path work)
            throws StorageException, IOException {
        Path root = work.resolve("root.img");
        RawCopyStorage.copyRaw(base, root, rootMiB);
        long size = java.nio.file.Files.size(root);
        // Allocates every hole; the data already written stays as it is.
        ExternalCommand.run("fallocate", "-l", Long.toString(size), root.toString());
        if (base != null && isExtFileSystem(root)) {
            growFileSystem(workspaceId, root);
        }
        return new Disk(root, Disk.Format.RAW, "vda", Disk.Role.ROOT, false);
    }

    private static void growFileSystem(String workspaceId, Path root) throws StorageException {
        if (!ExternalCommand.available("resize2fs") || !ExternalCommand.available("e2fsck")) {
            LOG.warn("event=storage.fs_not_grown workspace={} disk={} reason=\"e2fsprogs is not installed\"",
                    workspaceId, root);
            return;
        }
        // resize2fs insists on a freshly checked file system; e2fsck exits 1 when it fixed something.
        ExternalCommand.run(java.util.List.of("e2fsck", "-f", "-y", root.toString()), 1);
        ExternalCommand.run("resize2fs", "-f", root.toString());
    }

    /** True when the file holds an ext2/3/4 file system from its first byte (no partition table). */
    static boolean isExtFileSystem(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            in.read(magic, EXT_MAGIC_OFFSET);
            return magic.position() == 2 && magic.getShort(0) == EXT_MAGIC;
        }
    }
}
