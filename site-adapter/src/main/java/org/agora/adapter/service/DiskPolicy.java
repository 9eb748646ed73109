package org.agora.adapter.service;

import org.agora.adapter.storage.Compression;

/**
 * The disks every workspace gets beside its root disk, until the node contract carries them per
 * workspace, and how a saved disk is stored.
 */
public record DiskPolicy(long swapMiB, long scratchMiB, Compression saveCompression) {
    public static final DiskPolicy ROOT_ONLY = new DiskPolicy(0, 0, Compression.NONE);
}
