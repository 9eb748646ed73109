package org.agora.adapter.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The image cache on real files, and over HTTP from a loopback server standing in for a site's
 * image repository (the JDK's own HTTP server, speaking real HTTP).
 */
class ImageCacheTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private URI serve(String path, byte[] body, CountDownLatch holdUntil) throws Exception {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try {
                if (holdUntil != null) {
                    holdUntil.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private Path file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void aFileImageIsVerifiedCachedOnceAndSharedByContent() throws Exception {
        byte[] image = bytes(300_000, 1);
        ImageCache cache = new ImageCache(dir.resolve("cache"), 10_000_000);
        Path a = cache.acquire(new ImageReference(file("a.img", image).toUri(), sha256(image)), "ws-a");
        Path b = cache.acquire(new ImageReference(file("copy-of-a.img", image).toUri(), sha256(image)), "ws-b");
        assertEquals(a, b, "the same bytes under two URIs are one entry");
        assertArrayEquals(image, Files.readAllBytes(a));
        assertEquals(1, cache.entries().size());
    }

    @Test
    void concurrentRequestsForOneHttpImageFetchItOnce() throws Exception {
        byte[] image = bytes(2_000_000, 2);
        CountDownLatch release = new CountDownLatch(1);
        URI uri = serve("/images/debian.img", image, release);
        ImageCache cache = new ImageCache(dir.resolve("cache"), 100_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Path>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String holder = "ws-" + i;
            results.add(pool.submit(() -> cache.acquire(new ImageReference(uri, sha256(image)), holder)));
        }
        release.countDown();
        for (Future<Path> r : results) {
            assertArrayEquals(image, Files.readAllBytes(r.get()));
        }
        pool.shutdown();
        assertEquals(1, requests.get(), "eight workspaces, one download");
    }

    @Test
    void anImageThatDoesNotMatchItsDigestIsRefusedAndLeavesNothing() throws Exception {
        byte[] image = bytes(100_000, 3);
        ImageCache cache = new ImageCache(dir.resolve("cache"), 10_000_000);
        String wrong = sha256(bytes(10, 4));
        ImageException e = assertThrows(ImageException.class,
                () -> cache.acquire(new ImageReference(file("x.img", image).toUri(), wrong), "ws-1"));
        assertTrue(e.getMessage().contains("expected " + wrong) && e.getMessage().contains(sha256(image)),
                e.getMessage());
        assertTrue(cache.entries().isEmpty());
        try (var left = Files.list(dir.resolve("cache"))) {
            assertEquals(List.of("pins"), left.map(p -> p.getFileName().toString()).toList(), "no partial file");
        }
        try (var pinned = Files.list(dir.resolve("cache/pins"))) {
            assertEquals(0, pinned.count(), "a failed acquire holds no pin");
        }
    }

    @Test
    void gzipAndXzImagesAreDecompressedOnTheWayInAndVerifiedAsFetched() throws Exception {
        byte[] image = new byte[1_000_000];
        System.arraycopy(bytes(1000, 5), 0, image, 0, 1000); // mostly zeros: compresses well
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(image);
        }
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
            out.write(image);
        }
        ImageCache cache = new ImageCache(dir.resolve("cache"), 10_000_000);
        Path fromGzip = cache.acquire(new ImageReference(serve("/i.img.gz", gz.toByteArray(), null),
                sha256(gz.toByteArray())), "ws-gz");
        Path fromXz = cache.acquire(new ImageReference(file("i.img.xz", xz.toByteArray()).toUri(),
                sha256(xz.toByteArray())), "ws-xz");
        assertArrayEquals(image, Files.readAllBytes(fromGzip));
        assertArrayEquals(image, Files.readAllBytes(fromXz));
    }

    @Test
    void theLeastRecentlyUsedUnpinnedImageGoesFirstAndPinnedOnesNever() throws Exception {
        ImageCache cache = new ImageCache(dir.resolve("cache"), 250_000);
        byte[] first = bytes(100_000, 6);
        byte[] second = bytes(100_000, 7);
        byte[] third = bytes(100_000, 8);
        Path p1 = cache.acquire(new ImageReference(file("1.img", first).toUri(), sha256(first)), "ws-1");
        Path p2 = cache.acquire(new ImageReference(file("2.img", second).toUri(), sha256(second)), "ws-2");
        cache.release("ws-1");
        cache.release("ws-2");
        // ws-1's image is used again: the second is now the least recently used.
        Files.setLastModifiedTime(p2, java.nio.file.attribute.FileTime.fromMillis(1_000));
        cache.acquire(new ImageReference(file("1b.img", first).toUri(), sha256(first)), "ws-1");
        Path p3 = cache.acquire(new ImageReference(file("3.img", third).toUri(), sha256(third)), "ws-3");
        assertTrue(Files.exists(p1) && Files.exists(p3));
        assertFalse(Files.exists(p2), "evicted to stay within 250,000 bytes");

        // Everything pinned and over the limit: nothing is taken from a running workspace.
        byte[] fourth = bytes(100_000, 9);
        Path p4 = cache.acquire(new ImageReference(file("4.img", fourth).toUri(), sha256(fourth)), "ws-4");
        assertTrue(Files.exists(p1) && Files.exists(p3) && Files.exists(p4));
        assertEquals(300_000, cache.sizeBytes());
    }

    @Test
    void aRestartKeepsImagesAndPinsAndRemovesWhatACrashedFetchLeft() throws Exception {
        byte[] image = bytes(50_000, 10);
        Path cacheDir = dir.resolve("cache");
        ImageCache before = new ImageCache(cacheDir, 10_000_000);
        Path entry = before.acquire(new ImageReference(file("r.img", image).toUri(), sha256(image)), "ws-r");
        Files.write(cacheDir.resolve(".fetch-crashed.part"), bytes(10, 11));

        ImageCache after = new ImageCache(cacheDir, 10_000_000);
        assertFalse(Files.exists(cacheDir.resolve(".fetch-crashed.part")));
        assertEquals(1, after.entries().size());
        assertTrue(after.entries().get(0).pinned(), "the pin survived the restart");
        after.retainOnly(java.util.Set.of());
        assertFalse(after.entries().get(0).pinned(), "pins of workspaces gone meanwhile are dropped");
        assertTrue(Files.exists(entry));
    }

    @Test
    void anHttpErrorIsReportedWithItsStatus() throws Exception {
        serve("/present.img", bytes(10, 12), null);
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/missing.img");
        ImageCache cache = new ImageCache(dir.resolve("cache"), 10_000_000);
        ImageException e = assertThrows(ImageException.class,
                () -> cache.acquire(new ImageReference(missing, sha256(bytes(10, 12))), "ws-1"));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void aReferenceWithoutDigestOrWithAnotherSchemeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImageReference(URI.create("ftp://x/y.img"),
                "0".repeat(64)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageReference(URI.create("https://x/y.img"), null));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }
}
