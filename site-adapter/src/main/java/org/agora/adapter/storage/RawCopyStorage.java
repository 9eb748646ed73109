package org.agora.adapter.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Each workspace gets a private raw copy of its base image, sparse (blocks of zeros are holes), grown
 * to the requested root size. Needs no tool on the node; costs a full read of the base per
 * workspace, and disk only for the base's data. The default back-end.
 */
public final class RawCopyStorage extends FileStorage {
    public RawCopyStorage(Path directory) throws StorageException {
        super(directory);
    }

    @Override
    protected Disk makeRoot(String workspaceId, Path base, long rootMiB, Path work)
            throws StorageException, IOException {
        Path root = work.resolve("root.img");
        copyRaw(base, root, rootMiB);
        return new Disk(root, Disk.Format.RAW, "vda", Disk.Role.ROOT, false);
    }

    /**
     * Writes the base's guest-visible bytes as a new sparse raw file of at least {@code rootMiB}; a
     * blank sparse file when there is no base. A qcow2 base is converted with qemu-img: copying its
     * bytes as they are would hand the guest qcow2 metadata as its disk.
     */
    static void copyRaw(Path base, Path root, long rootMiB) throws StorageException, IOException {
        if (base == null) {
            SparseCopy.createSparse(root, rootMiB * SparseCopy.MIB);
            return;
        }
        if (SparseCopy.isQcow2(base)) {
            if (!ExternalCommand.available("qemu-img")) {
                throw new StorageException("base image " + base + " is qcow2, and converting it to raw needs qemu-img "
                        + "(Debian package qemu-utils)", null);
            }
            Qcow2OverlayStorage.inspect(base); // refuses a base that would pull in another host file
            ExternalCommand.run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", base.toString(), root.toString());
        } else {
            SparseCopy.copy(base, root);
        }
        SparseCopy.growTo(root, rootMiB * SparseCopy.MIB);
    }
}
