package org.agora.deploy.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A tiny real guest, made where it is needed (the demo on a QEMU node, the real-boot tests): Debian's
 * cloud kernel from /boot and an initramfs of busybox whose init prints {@link #READY} on the serial
 * console, then keeps its CPU busy (so CPU shares between such guests can be measured).
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

    /** Writes the initramfs (gzip'd newc cpio) to {@code out}. */
    public static void writeInitramfs(Path out) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("agora-initramfs");
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
            Path init = root.resolve("init");
            // devtmpfs must be mounted before /dev/ttyS0 can be written (platform notes).
            Files.writeString(init, "#!/bin/busybox sh\n"
                    + "/bin/busybox mkdir -p /dev /proc\n"
                    + "/bin/busybox mount -t devtmpfs dev /dev\n"
                    + "/bin/busybox mount -t proc proc /proc\n"
                    + "echo " + READY + " > /dev/ttyS0\n"
                    + "while :; do :; done\n");
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
