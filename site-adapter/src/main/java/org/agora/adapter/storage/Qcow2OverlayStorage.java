package org.agora.adapter.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each workspace's root disk is a qcow2 copy-on-write overlay on the cached base image
 * ({@code qemu-img create -f qcow2 -b BASE -F <format> overlay}): created in milliseconds whatever
 * the base's size, costing disk only for what the guest writes. The base must stay in place and
 * unchanged while any overlay uses it (the image cache's job). Needs qemu-img (Debian package
 * qemu-utils) on the node, and a hypervisor that reads qcow2 (QEMU/KVM; Xen through qdisk).
 */
public final class Qcow2OverlayStorage extends FileStorage {
    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"([a-z0-9]+)\"");
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\"\\s*:\\s*(\\d+)");
    private static final Pattern BACKING = Pattern.compile("\"((full-)?backing-filename|data-file)\"\\s*:");

    public Qcow2OverlayStorage(Path directory) throws StorageException {
        super(directory);
        if (!ExternalCommand.available("qemu-img")) {
            throw new StorageException("the qcow2 storage back-end needs qemu-img, which is not installed (Debian "
                    + "package qemu-utils); install it or set agora.adapter.storage.backend = raw", null);
        }
    }

    /** What {@code qemu-img info} says about a base image. */
    record ImageInfo(String format, long virtualSize) {
    }

    /**
     * The base's format and size from {@code qemu-img info --output=json}. A base that has a backing
     * file of its own is refused: a guest could have written a qcow2 header naming any host file into
     * a raw disk later saved as an image, and an overlay on it would then read that host file.
     */
    static ImageInfo inspect(Path base) throws StorageException {
        String json = ExternalCommand.run("qemu-img", "info", "--output=json", base.toString());
        Matcher format = FORMAT.matcher(json);
        Matcher size = VIRTUAL_SIZE.matcher(json);
        if (!format.find() || !size.find()) {
            throw new StorageException("qemu-img info did not report the format and size of " + base + ": " + json, null);
        }
        if (BACKING.matcher(json).find()) {
            throw new StorageException("base image " + base + " has a backing or data file of its own; a base must be "
                    + "a self-contained image (flatten it with qemu-img convert)", null);
        }
        if (!"raw".equals(format.group(1)) && !"qcow2".equals(format.group(1))) {
            throw new StorageException("base image " + base + " is " + format.group(1) + "; Agora uses raw or qcow2 "
                    + "bases", null);
        }
        return new ImageInfo(format.group(1), Long.parseLong(size.group(1)));
    }

    @Override
    protected Disk makeRoot(String workspaceId, Path base, long rootMiB, Path work) throws StorageException {
        Path overlay = work.resolve("root.qcow2");
        long wanted = rootMiB * SparseCopy.MIB;
        List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        if (base != null) {
            ImageInfo info = inspect(base);
            create.addAll(List.of("-b", base.toAbsolutePath().toString(), "-F", info.format()));
            // Never smaller than the base: the guest's file system spans all of it.
            wanted = Math.max(wanted, info.virtualSize());
        }
        create.add(overlay.toString());
        create.add(Long.toString(wanted));
        ExternalCommand.run(create, 0);
        return new Disk(overlay, Disk.Format.QCOW2, "vda", Disk.Role.ROOT, false);
    }

    /** The overlay and its base flattened into one raw image (sparse), then compressed if asked. */
    @Override
    protected void exportRoot(Disk root, Path to, Compression compression) throws StorageException, IOException {
        if (compression == Compression.NONE) {
            ExternalCommand.run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", root.source().toString(),
                    to.toString());
            return;
        }
        Path raw = to.resolveSibling(to.getFileName() + ".raw");
        try {
            ExternalCommand.run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", root.source().toString(),
                    raw.toString());
            SparseCopy.gzip(raw, to, Files.size(raw));
        } finally {
            Files.deleteIfExists(raw);
        }
    }
}
