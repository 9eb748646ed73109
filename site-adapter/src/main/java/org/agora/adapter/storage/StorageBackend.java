package org.agora.adapter.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * Prepares and removes the disks of workspaces on one node.
 *
 * <p>Lifecycle: {@link #prepare} before the domain is defined, {@link #save} (optional, guest off)
 * and {@link #release} after the domain is gone. At adapter start the caller lists
 * {@link #leftovers()} and releases every workspace libvirt no longer runs: after any crash,
 * release is what returns the node's file system (and volume group) to its clean state, so every
 * back-end names what it makes such that leftovers can find it, half-made or whole.
 */
public interface StorageBackend {
    /**
     * Makes the workspace's disks and returns them in attach order: the root disk on {@code vda},
     * then swap and scratch when the spec asks for them, then its NoCloud seed if it has one. Preparing a workspace that is already
     * prepared returns its existing disks; a workspace whose earlier prepare crashed half-way is
     * cleaned and made again.
     *
     * @param baseImage a verified local image file to start the root disk from, or null for a blank root disk
     */
    List<Disk> prepare(String workspaceId, Path baseImage, DiskSpec spec) throws StorageException;

    /** Removes everything the workspace had on this node, whole or half-made; releasing what is not there is fine. */
    void release(String workspaceId) throws StorageException;

    /**
     * Copies the workspace's root disk into the node's image repository as {@code imageName} (the
     * guest must be off), stored as {@code compression} says, and returns the repository reference
     * of the saved image (the name; the file is {@code <name>} plus {@link Compression#suffix()}).
     * Swap and scratch disks are not saved.
     */
    String save(String workspaceId, String imageName, Compression compression) throws StorageException;

    /**
     * Where a repository name (kernel, initrd, image) is found on this node; absolute paths stand.
     * A name saved by {@link #save} without compression is found with or without its {@code .img}.
     */
    Path locate(String name);

    /**
     * Where the workspace's serial console is logged: beside its disks, so releasing the workspace
     * removes it too. Meaningful once the workspace is prepared.
     */
    Path consoleLog(String workspaceId);

    /** Whether the workspace's disks are prepared here (a domain can exist only for such a workspace). */
    boolean prepared(String workspaceId);

    /** Workspaces that have anything on this node (disks, half-made disks, temporary files), for reconciliation. */
    List<String> leftovers() throws StorageException;
}
