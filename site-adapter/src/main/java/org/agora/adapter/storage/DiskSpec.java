package org.agora.adapter.storage;

/**
 * The disk sizes one workspace asks for.
 *
 * @param rootMiB the root disk; a base image larger than this keeps its own size
 * @param swapMiB a swap disk, 0 for none
 * @param scratchMiB an empty scratch disk, 0 for none
 * @param seed a NoCloud seed to attach read-only after the other disks, or null for none
 */
public record DiskSpec(long rootMiB, long swapMiB, long scratchMiB, NoCloudSeed seed) {
    public DiskSpec(long rootMiB, long swapMiB, long scratchMiB) {
        this(rootMiB, swapMiB, scratchMiB, null);
    }

    public DiskSpec {
        if (rootMiB < 1) {
            throw new IllegalArgumentException("the root disk is " + rootMiB + " MiB; it needs at least 1 MiB");
        }
        if (swapMiB < 0 || scratchMiB < 0) {
            throw new IllegalArgumentException("swap (" + swapMiB + " MiB) and scratch (" + scratchMiB
                    + " MiB) cannot be negative");
        }
    }

    /** A root disk only. */
    public static DiskSpec root(long rootMiB) {
        return new DiskSpec(rootMiB, 0, 0);
    }
}
