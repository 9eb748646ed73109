package org.agora.adapter.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every back-end shares: the storage directory's layout, swap and scratch disks, save,
 * release and leftovers. Subclasses make the root disk.
 *
 * <pre>
 * &lt;storage dir&gt;/workspaces/&lt;id&gt;/            a prepared workspace: its disk files (seed.iso: its NoCloud
 *                                            seed) and the manifest "disks"
 * &lt;storage dir&gt;/workspaces/.&lt;id&gt;.partial/   a prepare under way (or crashed): renamed to &lt;id&gt; when whole
 * &lt;storage dir&gt;/workspaces/&lt;id&gt;/.save.*     a save under way (or crashed): moved into images/ when whole
 * &lt;storage dir&gt;/images/                       the image repository: saved disks, kernels, initrds
 * &lt;storage dir&gt;/&lt;id&gt;.img                      a disk of the earlier one-file layout, still found and released
 * </pre>
 *
 * Because a workspace is whole only once its directory carries its name, and everything else it
 * owns is named after it, {@link #leftovers()} finds all a crash left and {@link #release} removes it.
 */
public abstract class FileStorage implements StorageBackend {
    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);
    /** Workspace ids and image names become file names: nothing that could leave the directory. */
    static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String MANIFEST = "disks";
    private static final String PARTIAL = ".partial";
    private static final String LEGACY_SUFFIX = ".img";

    private final Path directory;

    protected FileStorage(Path directory) throws StorageException {
        try {
            this.directory = Files.createDirectories(directory);
            Files.createDirectories(workspaces());
        } catch (IOException e) {
            throw new StorageException("cannot create storage directory " + directory + ": " + e.getMessage()
                    + " (check agora.adapter.storage.dir)", e);
        }
    }

    /**
     * Makes the root disk in {@code work} (or, for volume back-ends, outside it, named after the
     * workspace). {@code base} is null for a blank disk.
     */
    protected abstract Disk makeRoot(String workspaceId, Path base, long rootMiB, Path work)
            throws StorageException, IOException;

    /** Makes an empty swap or scratch disk; here a sparse file, swap formatted with mkswap when installed. */
    protected Disk makeExtra(String workspaceId, Disk.Role role, long mib, String target, Path work)
            throws StorageException, IOException {
        Path file = work.resolve(role.name().toLowerCase() + ".img");
        SparseCopy.createSparse(file, mib * SparseCopy.MIB);
        if (role == Disk.Role.SWAP) {
            formatSwap(workspaceId, file.toString());
        }
        return new Disk(file, Disk.Format.RAW, target, role, false);
    }

    /** Writes a swap signature with mkswap, or leaves the disk raw (the guest can mkswap it) when it is missing. */
    static void formatSwap(String workspaceId, String device) throws StorageException {
        if (ExternalCommand.available("mkswap")) {
            ExternalCommand.run("mkswap", "-L", "agora-swap", device);
        } else {
            LOG.warn("event=storage.swap_unformatted workspace={} disk={} reason=\"mkswap is not installed "
                    + "(Debian package util-linux); the guest must run mkswap itself\"", workspaceId, device);
        }
    }

    /**
     * Writes the root disk's guest-visible bytes, uncompressed and sparse or gzip-compressed, to a
     * new file {@code to}. Here the root disk is a raw file; other formats override.
     */
    protected void exportRoot(Disk root, Path to, Compression compression) throws StorageException, IOException {
        if (compression == Compression.GZIP) {
            SparseCopy.gzip(root.source(), to, Files.size(root.source()));
        } else {
            SparseCopy.copy(root.source(), to);
        }
    }

    /** Removes what the workspace has outside its directory (logical volumes); nothing for file back-ends. */
    protected void releaseVolumes(String workspaceId) throws StorageException {
    }

    /** Workspaces with something outside the storage directory (logical volumes); none for file back-ends. */
    protected Set<String> volumeLeftovers() throws StorageException {
        return Set.of();
    }

    @Override
    public final List<Disk> prepare(String workspaceId, Path baseImage, DiskSpec spec) throws StorageException {
        Path done = workspaceDir(workspaceId);
        if (Files.isRegularFile(done.resolve(MANIFEST))) {
            return readManifest(done);
        }
        // Anything else under this id is what a crashed prepare left: start from clean.
        release(workspaceId);
        if (baseImage != null && !Files.isRegularFile(baseImage)) {
            throw new StorageException("base image " + baseImage + " for workspace " + workspaceId
                    + " is not a file on this node", null);
        }
        Path work = partialDir(workspaceId);
        try {
            Files.createDirectories(work);
            List<Disk> disks = new ArrayList<>();
            disks.add(makeRoot(workspaceId, baseImage, spec.rootMiB(), work));
            if (spec.swapMiB() > 0) {
                disks.add(makeExtra(workspaceId, Disk.Role.SWAP, spec.swapMiB(), Disk.target(disks.size()), work));
            }
            if (spec.scratchMiB() > 0) {
                disks.add(makeExtra(workspaceId, Disk.Role.SCRATCH, spec.scratchMiB(), Disk.target(disks.size()),
                        work));
            }
            if (spec.seed() != null) {
                Path iso = work.resolve("seed.iso");
                spec.seed().write(iso);
                disks.add(new Disk(iso, Disk.Format.RAW, Disk.target(disks.size()), Disk.Role.SEED, false));
            }
            writeManifest(work, disks);
            // The workspace becomes whole in one step: until here a crash leaves only a .partial directory.
            Files.move(work, done, StandardCopyOption.ATOMIC_MOVE);
            return readManifest(done);
        } catch (StorageException | IOException | RuntimeException e) {
            try {
                release(workspaceId);
            } catch (StorageException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot prepare the disks of workspace " + workspaceId + " in " + work + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public final Path consoleLog(String workspaceId) {
        return workspaceDir(workspaceId).resolve("console.log");
    }

    @Override
    public final boolean prepared(String workspaceId) {
        return Files.isRegularFile(workspaceDir(workspaceId).resolve(MANIFEST));
    }

    @Override
    public final void release(String workspaceId) throws StorageException {
        Path done = workspaceDir(workspaceId);
        try {
            releaseVolumes(workspaceId);
            deleteTree(done);
            deleteTree(partialDir(workspaceId));
            Files.deleteIfExists(directory.resolve(workspaceId + LEGACY_SUFFIX));
        } catch (IOException e) {
            throw new StorageException("cannot remove the disks of workspace " + workspaceId + " from " + done + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public final List<String> leftovers() throws StorageException {
        Set<String> ids = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(workspaces())) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(PARTIAL)) {
                    name = name.substring(1, name.length() - PARTIAL.length());
                }
                if (SAFE_ID.matcher(name).matches()) {
                    ids.add(name);
                }
            }
            try (DirectoryStream<Path> legacy = Files.newDirectoryStream(directory, "*" + LEGACY_SUFFIX)) {
                for (Path p : legacy) {
                    String name = p.getFileName().toString();
                    ids.add(name.substring(0, name.length() - LEGACY_SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list storage directory " + directory + ": " + e.getMessage(), e);
        }
        ids.addAll(volumeLeftovers());
        return List.copyOf(ids);
    }

    @Override
    public final String save(String workspaceId, String imageName, Compression compression) throws StorageException {
        if (imageName == null || !SAFE_ID.matcher(imageName).matches()) {
            throw new StorageException("saved image name '" + imageName + "' is not a safe file name (letters, "
                    + "digits, . _ -)", null);
        }
        Path done = workspaceDir(workspaceId);
        if (!Files.isRegularFile(done.resolve(MANIFEST))) {
            throw new StorageException("workspace " + workspaceId + " has no prepared disks on this node", null);
        }
        Disk root = readManifest(done).get(0);
        Path target = images().resolve(imageName + compression.suffix());
        Path partial = done.resolve(".save" + PARTIAL);
        try {
            Files.createDirectories(images());
            for (Compression c : Compression.values()) {
                if (Files.exists(images().resolve(imageName + c.suffix()))) {
                    throw new StorageException("an image named " + imageName + " already exists in " + images()
                            + "; choose another name", null);
                }
            }
            Files.deleteIfExists(partial);
            exportRoot(root, partial, compression);
            // Readers of the repository never see half an image: it appears under its name whole.
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return imageName;
        } catch (IOException e) {
            throw new StorageException("cannot save the disk of workspace " + workspaceId + " as " + target + ": "
                    + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // release removes it with the workspace.
            }
        }
    }

    @Override
    public Path locate(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        Path direct = images().resolve(name);
        Path saved = images().resolve(name + Compression.NONE.suffix());
        return !Files.exists(direct) && Files.exists(saved) ? saved : direct;
    }

    /** The node's image repository: saved disks, kernels and initrds. */
    public Path images() {
        return directory.resolve("images");
    }

    public Path directory() {
        return directory;
    }

    /** Where the prepared workspaces' directories are. */
    public Path workspaces() {
        return directory.resolve("workspaces");
    }

    /** The directory of a prepared workspace. */
    public Path workspaceDir(String workspaceId) {
        return workspaces().resolve(checkId(workspaceId));
    }

    /** The directory a prepare works in until the workspace is whole. */
    Path partialDir(String workspaceId) {
        return workspaces().resolve("." + checkId(workspaceId) + PARTIAL);
    }

    static String checkId(String workspaceId) {
        if (workspaceId == null || !SAFE_ID.matcher(workspaceId).matches()) {
            // The id becomes a file name: refuse anything that could leave the directory.
            throw new IllegalArgumentException("workspace id '" + workspaceId + "' is not a safe file name");
        }
        return workspaceId;
    }

    private static void writeManifest(Path work, List<Disk> disks) throws IOException {
        StringBuilder text = new StringBuilder("# role format target kind source (file sources relative to here)\n");
        for (Disk d : disks) {
            String source = d.block() ? d.source().toString() : work.relativize(d.source()).toString();
            text.append(d.role()).append('\t').append(d.format()).append('\t').append(d.target()).append('\t')
                    .append(d.block() ? "block" : "file").append('\t').append(source).append('\n');
        }
        Files.writeString(work.resolve(MANIFEST), text, StandardCharsets.UTF_8);
    }

    private static List<Disk> readManifest(Path dir) throws StorageException {
        try {
            List<Disk> disks = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 5);
                boolean block = "block".equals(f[3]);
                disks.add(new Disk(block ? Path.of(f[4]) : dir.resolve(f[4]), Disk.Format.valueOf(f[1]), f[2],
                        Disk.Role.valueOf(f[0]), block));
            }
            if (disks.isEmpty() || disks.get(0).role() != Disk.Role.ROOT) {
                throw new StorageException(dir.resolve(MANIFEST) + " names no root disk", null);
            }
            return disks;
        } catch (IOException | RuntimeException e) {
            throw new StorageException("cannot read the disk manifest " + dir.resolve(MANIFEST) + ": " + e.getMessage(),
                    e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
