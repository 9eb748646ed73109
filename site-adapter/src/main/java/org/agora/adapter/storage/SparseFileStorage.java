package org.agora.adapter.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The thinnest real back-end: one sparse raw file per workspace in a directory, costing no disk
 * until the guest writes. Image contents come with the image cache (site adapter issue).
 */
public final class SparseFileStorage implements StorageBackend {
    private static final String SUFFIX = ".img";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path directory;

    public SparseFileStorage(Path directory) throws StorageException {
        try {
            this.directory = Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create storage directory " + directory + ": " + e.getMessage()
                    + " (check agora.adapter.storage.dir)", e);
        }
    }

    private Path diskOf(String workspaceId) {
        if (!SAFE_ID.matcher(workspaceId).matches()) {
            // The id becomes a file name: refuse anything that could leave the directory.
            throw new IllegalArgumentException("workspace id '" + workspaceId + "' is not a safe file name");
        }
        return directory.resolve(workspaceId + SUFFIX);
    }

    @Override
    public Path prepare(String workspaceId, String image, long diskMiB) throws StorageException {
        Path disk = diskOf(workspaceId);
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            if (file.length() == 0) {
                file.setLength(diskMiB * 1024 * 1024);
            }
            return disk;
        } catch (IOException e) {
            throw new StorageException("cannot create the " + diskMiB + " MiB disk " + disk + " for workspace "
                    + workspaceId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(String workspaceId) throws StorageException {
        Path disk = diskOf(workspaceId);
        try {
            Files.deleteIfExists(disk);
        } catch (IOException e) {
            throw new StorageException("cannot remove disk " + disk + " of workspace " + workspaceId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<String> leftovers() throws StorageException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> disks = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path p : disks) {
                String name = p.getFileName().toString();
                ids.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw new StorageException("cannot list storage directory " + directory + ": " + e.getMessage(), e);
        }
        return ids;
    }

    public Path directory() {
        return directory;
    }
}
