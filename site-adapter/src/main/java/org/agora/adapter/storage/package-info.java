/**
 * The {@link org.agora.adapter.storage.StorageBackend} seam: a workspace's disks prepared before its
 * domain boots and removed after it ends, so a node's file system returns to its clean state, also
 * after a crash. Back-ends: {@link org.agora.adapter.storage.RawCopyStorage} (sparse private copy),
 * {@link org.agora.adapter.storage.Qcow2OverlayStorage} (copy-on-write overlay),
 * {@link org.agora.adapter.storage.LoopbackStorage} (allocated, loop-mountable file) and
 * {@link org.agora.adapter.storage.LvmStorage} (LVM snapshots); the file ones share
 * {@link org.agora.adapter.storage.FileStorage}'s layout.
 */
package org.agora.adapter.storage;
