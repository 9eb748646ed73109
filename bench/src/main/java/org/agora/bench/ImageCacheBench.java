package org.agora.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Callable;
import org.agora.adapter.image.ImageCache;
import org.agora.adapter.image.ImageReference;
import org.agora.adapter.storage.DiskSpec;
import org.agora.adapter.storage.FileStorage;
import org.agora.adapter.storage.Qcow2OverlayStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A workspace's root disk prepared from an image given by URI: on a cache miss (fetch over
 * loopback HTTP, sha256, store, then a qcow2 overlay) and on a hit (the overlay on the cached
 * image), in one run. The image is random data in one MiB of every four, like an installed system.
 */
@Command(name = "image-cache", mixinStandardHelpOptions = true)
public final class ImageCacheBench implements Callable<Integer> {
    private static final long MIB = 1 << 20;

    @Option(names = "--size-mib", defaultValue = "1024", description = "Image size (default: ${DEFAULT-VALUE}).")
    long sizeMiB;

    @Option(names = "--hits", defaultValue = "20", description = "Cache hits measured (default: ${DEFAULT-VALUE}).")
    int hits;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImageCacheBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("agora-image-bench");
        Path image = work.resolve("published.img");
        byte[] chunk = new byte[(int) MIB];
        new Random(1).nextBytes(chunk);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(sizeMiB * MIB);
            for (long m = 0; m < sizeMiB; m += 4) {
                f.seek(m * MIB);
                f.write(chunk);
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(image), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/published.img", exchange -> {
            exchange.sendResponseHeaders(200, Files.size(image));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(image, out);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/published.img");
            ImageReference ref = new ImageReference(uri, digest);
            ImageCache cache = new ImageCache(work.resolve("cache"), 4 * sizeMiB * MIB);
            FileStorage storage = new Qcow2OverlayStorage(work.resolve("storage"));
            System.out.printf("image-cache: %d MiB image over loopback HTTP, qcow2 overlays, %d cores%n", sizeMiB,
                    Runtime.getRuntime().availableProcessors());
            long t0 = System.nanoTime();
            Path base = cache.acquire(ref, "miss");
            storage.prepare("miss", base, new DiskSpec(sizeMiB, 0, 0));
            double missMs = (System.nanoTime() - t0) / 1e6;
            LatencyRecorder hit = new LatencyRecorder();
            for (int i = 0; i < hits; i++) {
                long s = System.nanoTime();
                Path b = cache.acquire(ref, "hit-" + i);
                storage.prepare("hit-" + i, b, new DiskSpec(sizeMiB, 0, 0));
                hit.record(System.nanoTime() - s);
                storage.release("hit-" + i);
                cache.release("hit-" + i);
            }
            System.out.printf("image-cache: miss (fetch + verify + store + overlay) %.0f ms; hit (overlay on the cached "
                    + "image) p50 %.1f ms, p99 %.1f ms; miss/hit %.0fx%n", missMs, hit.quantileMillis(0.5),
                    hit.quantileMillis(0.99), missMs / hit.quantileMillis(0.5));
        } finally {
            server.stop(0);
        }
        return 0;
    }
}
