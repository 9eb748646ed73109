package org.agora.adapter.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the storage tests look at the node with: the same tools an admin would use. */
final class NodeTools {
    private NodeTools() {
    }

    static boolean has(String tool) {
        return ExternalCommand.available(tool);
    }

    /** Runs a command, asserts it succeeded, returns stdout and stderr together. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }

    /** Bytes the file really occupies on disk (st_blocks × 512): less than its size when sparse. */
    static long allocated(Path file) throws IOException, InterruptedException {
        return Long.parseLong(run("stat", "-c", "%b", file.toString()).strip()) * 512;
    }

    /** Every path under a directory, relative to it, sorted: what "clean" is compared with. */
    static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** A file of {@code mib} MiB with a recognisable pattern at the start and at 3 MiB, holes elsewhere. */
    static Path patterned(Path file, long mib) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(mib * 1024 * 1024);
            f.seek(0);
            f.write("agora base image".getBytes(StandardCharsets.US_ASCII));
            f.seek(3L * 1024 * 1024 + 5);
            f.write("guest data".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }
}
