package org.agora.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Writes down every test that did not run: aborted (an assumption, or {@link RealPeer} off CI) or
 * disabled, one line each ({@code test<TAB>reason}), into {@code target/skipped-tests/} of the module
 * under test, one file per test JVM. Surefire runs every JUnit Platform listener named in
 * {@code META-INF/services}, so each module whose test class path holds this jar records its skips;
 * {@link SkippedTestsReport} and {@code .ci/run} print them at the end of a build.
 */
public final class SkippedTestsRecorder implements TestExecutionListener {
    /** The directory, under a module's build directory, that holds the records. */
    public static final String DIRECTORY = "skipped-tests";

    private final Path file = Path.of(System.getProperty("basedir", "."), "target", DIRECTORY,
            "skipped-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".txt");

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, "disabled: " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private synchronized void record(TestIdentifier test, String reason) {
        String line = name(test) + "\t" + oneLine(reason) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the skipped test " + name(test) + " in " + file, e);
        }
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        String where;
        if (source instanceof MethodSource m) {
            where = m.getClassName() + "#" + m.getMethodName();
        } else if (source instanceof ClassSource c) {
            where = c.getClassName();
        } else {
            where = test.getUniqueId();
        }
        // One invocation of a parameterised test is told apart by its display name ("on jdbc:mariadb://…").
        boolean invocation = test.getUniqueIdObject().getLastSegment().getType().endsWith("-invocation");
        return invocation ? where + " [" + test.getDisplayName() + "]" : where;
    }

    private static String oneLine(String reason) {
        return reason == null ? "" : reason.replaceAll("\\s+", " ").strip();
    }
}
