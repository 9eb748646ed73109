package org.agora.adapter.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a node tool (qemu-img, lvcreate, mkswap, …) through {@link ProcessBuilder}. A failure
 * becomes a {@link StorageException} carrying the command line and the tool's own stderr, since
 * that is what an admin needs to fix the node.
 */
final class ExternalCommand {
    /** Where Debian keeps admin tools, also when the adapter's PATH lacks the sbin directories. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private ExternalCommand() {
    }

    /** The tool's executable on PATH or in the sbin directories, if installed. */
    static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean available(String tool) {
        return find(tool).isPresent();
    }

    /** Runs the command and returns its stdout; exit codes other than 0 are failures. */
    static String run(String... command) throws StorageException {
        return run(List.of(command), 0);
    }

    /** Runs the command and returns its stdout; exit codes above {@code maxOkExit} are failures. */
    static String run(List<String> command, int maxOkExit) throws StorageException {
        String tool = command.get(0);
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, find(tool).map(Path::toString).orElseThrow(() -> new StorageException(tool
                + " is not installed on this node (looked on PATH and in /usr/sbin, /sbin)", null)));
        ProcessBuilder builder = new ProcessBuilder(resolved).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        // LVM tools complain about every inherited descriptor: noise, not a problem.
        builder.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        builder.environment().put("LC_ALL", "C");
        try {
            Process p = builder.start();
            // Its own thread, not a shared pool: a tool filling the stderr pipe must never wait on other work.
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread errReader = new Thread(() -> err.complete(drain(p.getErrorStream())), "stderr of " + tool);
            errReader.setDaemon(true);
            errReader.start();
            String out = drain(p.getInputStream());
            int exit = p.waitFor();
            String stderr = err.join().strip();
            if (exit > maxOkExit) {
                throw new StorageException(String.join(" ", command) + " failed (exit " + exit + "): "
                        + (stderr.isEmpty() ? out.strip() : stderr), null);
            }
            return out;
        } catch (IOException e) {
            throw new StorageException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
