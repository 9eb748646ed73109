package org.agora.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints what {@link SkippedTestsRecorder} wrote for a module: {@code skipped: N} and one line per
 * test with its reason. The parent pom runs it at the end of each module's {@code verify}, so that
 * README's {@code mvn -B verify} names the tests it did not run rather than only counting them.
 */
public final class SkippedTestsReport {
    private SkippedTestsReport() {
    }

    /** Arguments: the module's build directory and the module's name. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SkippedTestsReport BUILD_DIRECTORY MODULE_NAME");
        }
        print(read(Path.of(args[0]).resolve(SkippedTestsRecorder.DIRECTORY)), args[1], System.out);
    }

    /** The recorded lines under a records directory, in file order; none when nothing was skipped. */
    public static List<String> read(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        }
        return lines;
    }

    static void print(List<String> lines, String module, PrintStream out) {
        out.println("skipped: " + lines.size() + " (" + module + ")");
        for (String line : lines) {
            int tab = line.indexOf('\t');
            out.println(tab < 0 ? "  " + line : "  " + line.substring(0, tab) + ": " + line.substring(tab + 1));
        }
    }
}
