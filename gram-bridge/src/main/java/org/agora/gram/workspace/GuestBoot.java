package org.agora.gram.workspace;

/**
 * How the site boots its job images, when they are not whole bootable disks: a kernel and initrd
 * from the node's image repository (direct kernel boot) and the root disk's size. Every job's
 * workspace gets the same; null fields are left to the service and the node.
 *
 * @param kernel     kernel file in the node's image repository, or null for the image's own boot
 * @param initrd     initrd beside the kernel, or null
 * @param kernelArgs kernel command line (the console must be ttyS0: results come back on it), or null
 * @param diskMiB    root disk size in MiB, or null for the image's size
 */
public record GuestBoot(String kernel, String initrd, String kernelArgs, Integer diskMiB) {
    /** The image boots by itself at its own size. */
    public static final GuestBoot IMAGE = new GuestBoot(null, null, null, null);
}
