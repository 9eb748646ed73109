package org.agora.deploy.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A tiny real guest, made where it is needed (the demo on a QEMU node, the real-boot tests): Debian's
 * cloud kernel from /boot and an initramfs of busybox whose init prints {@link #READY} on the serial
 * console, runs the user-data script of a NoCloud seed if it has one (see {@link #init}), then keeps
 * its CPU busy (so CPU shares between such guests can be measured).
 */
public final class TinyGuest {
    /** The line the guest prints on ttyS0 once it runs. */
    public static final String READY = "AGORA-READY";

    private TinyGuest() {
    }

    /** Debian's cloud kernel, if installed (package linux-image-cloud-amd64). */
    public static Optional<Path> kernel() throws IOException {
        try (Stream<Path> boot = Files.list(Path.of("/boot"))) {
            return boot.filter(p -> p.getFileName().toString().matches("vmlinuz-.*-cloud-amd64"))
                    .max(Comparator.naturalOrder());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Why a tiny guest cannot be made here, or empty when it can. */
    public static Optional<String> missing() throws IOException {
        if (kernel().isEmpty()) {
            return Optional.of("no /boot/vmlinuz-*-cloud-amd64 (install linux-image-cloud-amd64)");
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            return Optional.of("no /bin/busybox (install busybox-static)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/cpio")) && !Files.isExecutable(Path.of("/bin/cpio"))) {
            return Optional.of("no cpio (install cpio)");
        }
        return Optional.empty();
    }

    /**
     * The kernel modules the guest loads to read a NoCloud seed, in load order: the seed is a
     * virtio disk holding ISO 9660, and Debian's cloud kernel builds all of these as modules
     * (isofs needs cdrom's helpers even for a disk).
     */
    static final List<String> SEED_MODULES = List.of("virtio_ring", "virtio", "virtio_pci_legacy_dev",
            "virtio_pci_modern_dev", "virtio_pci", "virtio_blk", "cdrom", "isofs");

    /**
     * The guest's init. As cloud-init's NoCloud source does, it looks for a filesystem labelled
     * cidata; when that holds a user-data beginning with "#!", it runs it once as root with the
     * serial console as stdout and stderr. Without a seed it only prints {@link #READY} and spins.
     *
     * <p>The busybox-static applets a job script relies on are all there: sh (ash; cd is its
     * builtin), base64, sha256sum, poweroff, cat, mkdir, env, head, findfs. blkid is not built in;
     * findfs finds the label instead.
     */
    static String init(String kernelVersion) {
        StringBuilder modules = new StringBuilder();
        for (String m : SEED_MODULES) {
            modules.append("insmod /lib/modules/").append(kernelVersion).append('/').append(m).append(".ko 2>/dev/null\n");
        }
        // devtmpfs must be mounted before /dev/ttyS0 can be written (platform notes).
        return "#!/bin/busybox sh\n"
                + "/bin/busybox mkdir -p /dev /proc /sys /tmp /seed /usr\n"
                + "/bin/busybox mount -t devtmpfs dev /dev\n"
                + "/bin/busybox mount -t proc proc /proc\n"
                + "/bin/busybox mount -t sysfs sys /sys\n"
                + "/bin/busybox --install -s /bin\n"
                + "ln -s /bin /sbin; ln -s /bin /usr/bin; ln -s /bin /usr/sbin\n"
                + "export PATH=/bin HOME=/root\n"
                + "echo " + READY + " > /dev/ttyS0\n"
                + modules
                // insmod returns once virtio_blk has probed the disks, so one look finds the label; a guest
                // with a second disk looks again for up to five seconds, one with its root disk alone never waits.
                + "seed=; for i in $(seq 50); do seed=$(findfs LABEL=cidata 2>/dev/null) && break\n"
                + "  [ -e /sys/block/vdb ] || break; usleep 100000; done\n"
                + "if [ -n \"$seed\" ] && mount -t iso9660 -o ro \"$seed\" /seed; then\n"
                + "  if [ \"$(head -c 2 /seed/user-data)\" = '#!' ]; then\n"
                + "    cp /seed/user-data /tmp/user-data && chmod 700 /tmp/user-data\n"
                + "    (cd / && /tmp/user-data) < /dev/null > /dev/ttyS0 2>&1\n"
                + "  fi\n"
                + "fi\n"
                + "while :; do :; done\n";
    }

    /** Writes the initramfs (gzip'd newc cpio) to {@code out}, with the seed's modules for {@link #kernel()}. */
    public static void writeInitramfs(Path out) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("agora-initramfs");
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
            String version = kernel().map(k -> k.getFileName().toString().substring("vmlinuz-".length())).orElse("none");
            copyModules(version, Files.createDirectories(root.resolve("lib/modules/" + version)));
            Path init = root.resolve("init");
            Files.writeString(init, init(version));
            Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Process p = new ProcessBuilder("sh", "-c", "find . | cpio -o -H newc --quiet | gzip -1 > '" + out + "'")
                    .directory(root.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("building the initramfs failed: " + output);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Copies {@link #SEED_MODULES} of the kernel {@code version} from /lib/modules into {@code into},
     * flat; a module the kernel has built in (or lacks) is left out, and its insmod fails quietly.
     */
    private static void copyModules(String version, Path into) throws IOException {
        Path tree = Path.of("/lib/modules", version, "kernel");
        if (!Files.isDirectory(tree)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path module : walk.filter(p -> p.getFileName().toString().endsWith(".ko") && Files.isRegularFile(p)
                    && SEED_MODULES.contains(p.getFileName().toString().replace(".ko", ""))).toList()) {
                Files.copy(module, into.resolve(module.getFileName()));
            }
        }
    }

    /**
     * Opens {@code dir} and its parents up to {@code top} for traversal by QEMU's own user (libvirtd
     * runs guests as libvirt-qemu): their kernel, initrd and disks must be reachable. Directories
     * above {@code top} are left as they are.
     */
    public static void letQemuIn(Path dir, Path top) throws IOException {
        Path stop = top.toAbsolutePath().normalize();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && p.startsWith(stop); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
