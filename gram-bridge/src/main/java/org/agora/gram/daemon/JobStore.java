package org.agora.gram.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.agora.gram.guest.JobResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each job in a directory of its own under the state directory (mode 0700, files 0600):
 * {@code job.properties} (replaced atomically), the user's {@code proxy.pem} until the job ends,
 * the job {@code script} until its workspace exists, and the result's {@code stdout}/{@code stderr}
 * until collected.
 */
public final class JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    private final Path jobs;

    public JobStore(Path stateDirectory) throws IOException {
        this.jobs = stateDirectory.resolve("jobs");
        Files.createDirectories(jobs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Every job stored; one whose record is unreadable is named in the log and left where it is. */
    public List<BridgeJob> loadAll() throws IOException {
        List<BridgeJob> all = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jobs)) {
            for (Path dir : dirs) {
                Path record = dir.resolve("job.properties");
                if (!Files.isRegularFile(record)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(record)) {
                    Properties p = new Properties();
                    p.load(in);
                    all.add(BridgeJob.fromProperties(p));
                } catch (IOException | RuntimeException e) {
                    LOG.error("job record {} is unreadable, left as it is: {}", record, e.toString());
                }
            }
        }
        return all;
    }

    public void save(BridgeJob job) throws IOException {
        Path dir = directory(job.id());
        Path partial = dir.resolve("job.properties.partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            job.toProperties().store(out, null);
        }
        Files.move(partial, dir.resolve("job.properties"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the job's directory. */
    public Path create(String id) throws IOException {
        return Files.createDirectory(jobs.resolve(id),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    public Path proxy(String id) {
        return directory(id).resolve("proxy.pem");
    }

    public void writeProxy(String id, byte[] pem) throws IOException {
        writePrivate(proxy(id), pem);
    }

    public void forgetProxy(String id) throws IOException {
        Files.deleteIfExists(proxy(id));
    }

    public void writeScript(String id, String script) throws IOException {
        writePrivate(directory(id).resolve("script"), script.getBytes(StandardCharsets.UTF_8));
    }

    public String readScript(String id) throws IOException {
        return Files.readString(directory(id).resolve("script"), StandardCharsets.UTF_8);
    }

    public void forgetScript(String id) throws IOException {
        Files.deleteIfExists(directory(id).resolve("script"));
    }

    public void writeResult(String id, JobResult result) throws IOException {
        writePrivate(directory(id).resolve("stdout"), result.stdout());
        writePrivate(directory(id).resolve("stderr"), result.stderr());
    }

    public byte[] stdout(String id) throws IOException {
        Path file = directory(id).resolve("stdout");
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    public byte[] stderr(String id) throws IOException {
        Path file = directory(id).resolve("stderr");
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    /** Removes everything of the job. */
    public void delete(String id) throws IOException {
        Path dir = directory(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path directory(String id) {
        return jobs.resolve(id);
    }

    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(partial, bytes);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
