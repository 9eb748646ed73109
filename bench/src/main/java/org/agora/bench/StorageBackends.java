package org.agora.bench;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.agora.adapter.storage.DiskSpec;
import org.agora.adapter.storage.FileStorage;
import org.agora.adapter.storage.Qcow2OverlayStorage;
import org.agora.adapter.storage.RawCopyStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Root disk preparation time: a qcow2 overlay on a base image (qemu-img create) against a sparse raw
 * copy of the same base, through the back-ends' own prepare; release after each, untimed. The base
 * is a 1 GiB raw file with random data in one MiB of every four (256 MiB of data, the rest holes),
 * like an installed system image.
 */
@Command(name = "storage", mixinStandardHelpOptions = true)
public final class StorageBackends implements java.util.concurrent.Callable<Integer> {
    private static final long MIB = 1024 * 1024;

    @Option(names = "--base-mib", defaultValue = "1024", description = "Size of the base image.")
    long baseMiB;

    @Option(names = "--copies", defaultValue = "5", description = "Raw copies measured (each reads the whole base).")
    int copies;

    @Option(names = "--overlays", defaultValue = "50", description = "qcow2 overlays measured.")
    int overlays;

    @Option(names = "--dir", description = "Where to work; default: a new directory under the system temp dir.")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StorageBackends()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("agora-storage-bench");
        Path base = work.resolve("base.img");
        writeBase(base);
        System.out.printf("storage: %d MiB base (%d MiB data), %d raw copies, %d qcow2 overlays, %d cores, %s, %s%n",
                baseMiB, baseMiB / 4, copies, overlays, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), work);
        try {
            LatencyRecorder raw = measure(new RawCopyStorage(work.resolve("raw")), base, copies);
            report("raw sparse copy (RawCopyStorage.prepare)", raw);
            LatencyRecorder qcow2 = measure(new Qcow2OverlayStorage(work.resolve("qcow2")), base, overlays);
            report("qcow2 overlay (Qcow2OverlayStorage.prepare)", qcow2);
            System.out.printf("ratio raw/qcow2 (mean time per root disk): %.1f%n", qcow2.perSecond() / raw.perSecond());
        } finally {
            Files.deleteIfExists(base);
            if (dir == null) {
                try (java.util.stream.Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return 0;
    }

    private void writeBase(Path base) throws Exception {
        Random random = new Random(42);
        byte[] block = new byte[(int) MIB];
        try (RandomAccessFile f = new RandomAccessFile(base.toFile(), "rw")) {
            f.setLength(baseMiB * MIB);
            for (long mib = 0; mib < baseMiB; mib += 4) {
                random.nextBytes(block);
                f.seek(mib * MIB);
                f.write(block);
            }
            f.getFD().sync();
        }
    }

    private static LatencyRecorder measure(FileStorage storage, Path base, int n) throws Exception {
        storage.prepare("warmup", base, DiskSpec.root(1));
        storage.release("warmup");
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < n; i++) {
            String id = "bench-" + i;
            long started = System.nanoTime();
            storage.prepare(id, base, DiskSpec.root(1));
            r.record(System.nanoTime() - started);
            storage.release(id);
        }
        return r;
    }

    private static void report(String what, LatencyRecorder r) {
        System.out.printf("%-46s n=%d  %.2f per s  p50=%.2f ms  p99=%.2f ms%n", what, r.count(), r.perSecond(),
                r.quantileMillis(0.5), r.quantileMillis(0.99));
    }
}
