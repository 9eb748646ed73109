package org.agora.adapter.storage;

import java.nio.file.Path;
import java.util.List;

/** Prepares and removes the disks of workspaces on one node. */
public interface StorageBackend {
    /** Makes the workspace's root disk and returns its path; preparing twice returns the same disk. */
    Path prepare(String workspaceId, String image, long diskMiB) throws StorageException;

    /** Removes everything the workspace had on this node; releasing what is not there is fine. */
    void release(String workspaceId) throws StorageException;

    /** Workspaces that have storage on this node, for reconciliation after a crash. */
    List<String> leftovers() throws StorageException;
}
