package org.agora.adapter.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A node's image cache, in one directory:
 *
 * <pre>
 * &lt;dir&gt;/&lt;sha256&gt;.img        an image, named by the sha256 of its bytes as fetched; its mtime is its last use
 * &lt;dir&gt;/.fetch-*.part         a fetch under way (or cut short by a crash: removed when the cache opens)
 * &lt;dir&gt;/pins/&lt;holder&gt;        the sha256 a workspace (the holder) uses: such images are never evicted
 * </pre>
 *
 * <p>Content addressing makes one entry serve every URI of the same bytes. Concurrent requests for
 * the same image share one fetch; a failed fetch is reported to all of them and leaves nothing.
 * Images are streamed to disk through the digest and, when the bytes begin with the gzip or xz
 * magic, through the decompressor: the sha256 is of what was fetched, the entry is what a guest
 * boots. Pins and last-use times are files, so they survive a restart of the adapter.
 *
 * <p>After a fetch, least-recently-used unpinned images are removed until the cache is within its
 * limit. When pinned images alone exceed it, the cache says so in the log and keeps them: a running
 * workspace's base image must not vanish under it.
 */
public final class ImageCache {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
    private static final String SUFFIX = ".img";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final Path directory;
    private final Path pins;
    private final long maxBytes;
    private final HttpClient http;
    private final Map<String, CompletableFuture<Path>> fetching = new ConcurrentHashMap<>();
    private final Object evictionLock = new Object();

    /** Opens (or makes) the cache, removing what crashed fetches left. */
    public ImageCache(Path directory, long maxBytes) throws ImageException {
        this.directory = directory;
        this.pins = directory.resolve("pins");
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            Files.createDirectories(pins);
            try (DirectoryStream<Path> stray = Files.newDirectoryStream(directory, ".fetch-*.part")) {
                for (Path p : stray) {
                    Files.deleteIfExists(p);
                    LOG.info("event=image.stray_removed file={}", p.getFileName());
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot open the image cache in " + directory + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * The verified local file of the image, fetched if the cache lacks it, and pinned for
     * {@code holder} (a workspace id) until {@link #release(String)}.
     */
    public Path acquire(ImageReference ref, String holder) throws ImageException {
        Path entry = entry(ref.sha256());
        pin(holder, ref.sha256());
        try {
            synchronized (evictionLock) {
                // Pinned before this check, a cached entry can no longer be evicted: touch it and go.
                if (Files.isRegularFile(entry)) {
                    Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
                    return entry;
                }
            }
            if (!Files.isRegularFile(entry)) {
                CompletableFuture<Path> mine = new CompletableFuture<>();
                CompletableFuture<Path> running = fetching.putIfAbsent(ref.sha256(), mine);
                if (running == null) {
                    try {
                        mine.complete(fetch(ref, entry));
                    } catch (ImageException | RuntimeException e) {
                        mine.completeExceptionally(e);
                    } finally {
                        fetching.remove(ref.sha256());
                    }
                    join(mine, ref);
                    evictBeyondLimit();
                } else {
                    join(running, ref);
                }
            }
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
            return entry;
        } catch (ImageException | IOException | RuntimeException e) {
            release(holder);
            if (e instanceof ImageException ie) {
                throw ie;
            }
            throw new ImageException("image " + ref.uri() + " could not be made ready: " + e.getMessage(), e);
        }
    }

    private static void join(CompletableFuture<Path> fetch, ImageReference ref) throws ImageException {
        try {
            fetch.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageException ie) {
                throw ie;
            }
            throw new ImageException("fetching image " + ref.uri() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while image " + ref.uri() + " was fetched", e);
        }
    }

    /** The holder no longer uses its image; it may be evicted once nobody does. */
    public void release(String holder) {
        try {
            Files.deleteIfExists(pinFile(holder));
        } catch (IOException e) {
            LOG.warn("event=image.unpin_failed holder={} reason=\"{}\"", holder, e.getMessage());
        }
    }

    /** Drops the pins of holders not in {@code live} (workspaces that ended while the adapter was down). */
    public void retainOnly(Set<String> live) throws ImageException {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(pins)) {
            for (Path p : all) {
                if (!live.contains(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                    LOG.info("event=image.stale_pin_removed holder={}", p.getFileName());
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot read the image cache's pins in " + pins + ": " + e.getMessage(), e);
        }
    }

    /** One cached image: its sha256, size and last use. */
    public record CachedImage(String sha256, long bytes, Instant lastUsed, boolean pinned) {
    }

    /** The cached images, least recently used first. */
    public List<CachedImage> entries() throws ImageException {
        try {
            Set<String> pinned = pinnedDigests();
            List<CachedImage> out = new ArrayList<>();
            try (DirectoryStream<Path> all = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                for (Path p : all) {
                    String sha = p.getFileName().toString().replace(SUFFIX, "");
                    out.add(new CachedImage(sha, Files.size(p), Files.getLastModifiedTime(p).toInstant(),
                            pinned.contains(sha)));
                }
            }
            out.sort(Comparator.comparing(CachedImage::lastUsed));
            return out;
        } catch (IOException e) {
            throw new ImageException("cannot list the image cache in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Bytes the cached images take. */
    public long sizeBytes() throws ImageException {
        return entries().stream().mapToLong(CachedImage::bytes).sum();
    }

    private Path fetch(ImageReference ref, Path entry) throws ImageException {
        Path part = directory.resolve(".fetch-" + UUID.randomUUID() + ".part");
        long started = System.nanoTime();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        String compression = "none";
        long written;
        try (InputStream raw = open(ref.uri());
             DigestInputStream digesting = new DigestInputStream(raw, sha);
             BufferedInputStream in = new BufferedInputStream(digesting, 1 << 16)) {
            in.mark(8);
            byte[] magic = in.readNBytes(6);
            in.reset();
            InputStream content = in;
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                compression = "gzip";
                content = new GZIPInputStream(in, 1 << 16);
            } else if (magic.length == 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z'
                    && magic[3] == 'X' && magic[4] == 'Z' && magic[5] == 0) {
                compression = "xz";
                content = new XZInputStream(in);
            }
            written = copyWithProgress(content, part, ref);
            in.transferTo(OutputStream.nullOutputStream()); // trailing bytes count for the digest too
        } catch (IOException | InterruptedException e) {
            deleteQuietly(part);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ImageException("fetching image " + ref.uri() + " failed: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(ref.sha256())) {
            deleteQuietly(part);
            throw new ImageException("image " + ref.uri() + " does not match its sha256: expected " + ref.sha256()
                    + ", fetched " + actual + "; nothing was cached (check the URI and the digest in the request)",
                    null);
        }
        try {
            Files.move(part, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new ImageException("cannot store image " + ref.uri() + " in " + directory + ": " + e.getMessage(), e);
        }
        LOG.info("event=image.fetched uri={} sha256={} bytes={} compression={} millis={}", ref.uri(), ref.sha256(),
                written, compression, (System.nanoTime() - started) / 1_000_000);
        return entry;
    }

    private InputStream open(URI uri) throws IOException, InterruptedException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            return Files.newInputStream(Path.of(uri));
        }
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("the server answered HTTP " + response.statusCode() + " for " + uri);
        }
        return response.body();
    }

    private static long copyWithProgress(InputStream in, Path to, ImageReference ref) throws IOException {
        long written = 0;
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                written += n;
                if (System.nanoTime() > nextReport) {
                    LOG.info("event=image.fetch_progress uri={} bytes={}", ref.uri(), written);
                    nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
            }
        }
        return written;
    }

    private void evictBeyondLimit() throws ImageException {
        synchronized (evictionLock) {
            List<CachedImage> all = entries();
            long size = all.stream().mapToLong(CachedImage::bytes).sum();
            for (CachedImage c : all) {
                if (size <= maxBytes) {
                    return;
                }
                if (c.pinned() || fetching.containsKey(c.sha256())) {
                    continue;
                }
                try {
                    Files.deleteIfExists(entry(c.sha256()));
                    size -= c.bytes();
                    LOG.info("event=image.evicted sha256={} bytes={} last_used={}", c.sha256(), c.bytes(), c.lastUsed());
                } catch (IOException e) {
                    LOG.warn("event=image.evict_failed sha256={} reason=\"{}\"", c.sha256(), e.getMessage());
                }
            }
            if (size > maxBytes) {
                LOG.warn("event=image.cache_over_limit bytes={} limit={} reason=\"the images in use alone exceed it\"",
                        size, maxBytes);
            }
        }
    }

    private void pin(String holder, String sha256) throws ImageException {
        try {
            Files.writeString(pinFile(holder), sha256, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ImageException("cannot pin image " + sha256 + " for " + holder + ": " + e.getMessage(), e);
        }
    }

    private Set<String> pinnedDigests() throws IOException {
        Set<String> pinned = new HashSet<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(pins)) {
            for (Path p : all) {
                try {
                    pinned.add(Files.readString(p, StandardCharsets.US_ASCII).strip());
                } catch (java.nio.file.NoSuchFileException gone) {
                    // Released meanwhile.
                }
            }
        }
        return pinned;
    }

    private Path pinFile(String holder) {
        if (!holder.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("'" + holder + "' cannot name an image pin");
        }
        return pins.resolve(holder);
    }

    private Path entry(String sha256) {
        return directory.resolve(sha256 + SUFFIX);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // A stray .part is removed when the cache next opens.
        }
    }
}
