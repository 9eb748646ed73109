package org.agora.adapter.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One disk a storage back-end made for a workspace, as the domain XML attaches it.
 *
 * @param source the file, or the block device when {@code block} is true
 * @param format how the guest's bytes are stored in the source
 * @param target the guest device name on the virtio bus ({@code vda}, {@code vdb}, …); the domain XML
 *               maps it to {@code xvda}, {@code xvdb}, … on Xen
 * @param role what the disk is for
 * @param block true for a block device (an LVM logical volume), false for a file
 */
public record Disk(Path source, Format format, String target, Role role, boolean block) {
    public Disk {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(role, "role");
        if (target == null || !target.matches("vd[a-z]")) {
            throw new IllegalArgumentException("disk target '" + target + "' is not vda..vdz");
        }
    }

    /** A raw root disk file on vda: what a disk-booted guest with one disk has. */
    public static Disk rawRoot(Path file) {
        return new Disk(file, Format.RAW, "vda", Role.ROOT, false);
    }

    /** The target of the n-th disk (0: vda). */
    static String target(int index) {
        if (index < 0 || index >= 26) {
            throw new IllegalArgumentException("a workspace has at most 26 disks");
        }
        return "vd" + (char) ('a' + index);
    }

    /** On-disk format, named as libvirt's {@code <driver type=…>} names it. */
    public enum Format {
        RAW("raw"), QCOW2("qcow2");

        private final String libvirtName;

        Format(String libvirtName) {
            this.libvirtName = libvirtName;
        }

        public String libvirtName() {
            return libvirtName;
        }
    }

    /** Whether the guest may only read it: the NoCloud seed. */
    public boolean readOnly() {
        return role == Role.SEED;
    }

    /**
     * What a disk is for: the image's root disk, swap (mkswap'd when possible), empty scratch
     * space, or the read-only NoCloud seed ({@link NoCloudSeed}).
     */
    public enum Role {
        ROOT, SWAP, SCRATCH, SEED
    }
}
