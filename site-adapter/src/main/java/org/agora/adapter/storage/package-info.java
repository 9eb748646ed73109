/**
 * The {@link org.agora.adapter.storage.StorageBackend} seam: a workspace's disks prepared before its
 * domain boots and removed after it ends, so a node's file system returns to its clean state.
 */
package org.agora.adapter.storage;
