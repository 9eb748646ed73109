package org.agora.gram.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated job script run by this machine's /bin/sh with its own tools and by busybox sh with
 * only busybox applets on its PATH (as in the tiny guest), its framed console output read back.
 */
class JobScriptTest {
    @TempDir
    Path dir;

    static Stream<String> shells() {
        return Stream.of("system", "busybox");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void echoComesBackAsStdoutWithExitZero(String shell) throws Exception {
        JobResult result = run(shell, job("/bin/echo", "hello"), new byte[0]);
        assertEquals(0, result.exitCode());
        assertEquals("hello\n", text(result.stdout()));
        assertEquals("", text(result.stderr()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void exitCodeAndStderrArriveSeparately(String shell) throws Exception {
        JobResult result = run(shell, job("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), new byte[0]);
        assertEquals(3, result.exitCode());
        assertEquals("out\n", text(result.stdout()));
        assertEquals("err\n", text(result.stderr()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void stdinEnvironmentAndDirectoryReachTheJob(String shell) throws Exception {
        Path work = dir.resolve("work dir");
        JobDescription job = JobDescription.builder().executable("/bin/sh")
                .argument("-c").argument("cat; printf '%s|%s' \"$GREETING\" \"$(pwd)\"")
                .environment("GREETING", "it's \"$HOME\" `x`\nline2").directory(work.toString()).build();
        JobResult result = run(shell, job, "from stdin\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("from stdin\nit's \"$HOME\" `x`\nline2|" + work, text(result.stdout()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void everyByteOfStdinAndOutputSurvives(String shell) throws Exception {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        JobResult result = run(shell, job("/bin/cat"), all);
        assertArrayEquals(all, result.stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void argumentsKeepQuotesSpacesAndTrailingNewlines(String shell) throws Exception {
        JobResult result = run(shell, job("/usr/bin/printf", "[%s]", "a b", "'q'", "$(x)", "end\n\n"), new byte[0]);
        assertEquals("[a b]['q'][$(x)][end\n\n]", text(result.stdout()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void outputOverTheBoundIsCutWithANoteInStderr(String shell) throws Exception {
        int bytes = JobScript.MAX_STREAM_BYTES + 1000;
        JobResult result = run(shell, job("/bin/sh", "-c", "head -c " + bytes + " /dev/zero"), new byte[0]);
        assertEquals(JobScript.MAX_STREAM_BYTES, result.stdout().length);
        assertTrue(text(result.stderr()).contains("stdout truncated: " + bytes + " bytes written"), text(result.stderr()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aMissingProgramGivesTheShellsExitCode(String shell) throws Exception {
        JobResult result = run(shell, job("/nonexistent/program"), new byte[0]);
        assertEquals(127, result.exitCode());
    }

    @org.junit.jupiter.api.Test
    void refusesAnEnvironmentNameAShellCannotTake() {
        JobDescription job = JobDescription.builder().executable("/bin/true").environment("A-B", "x").build();
        var e = assertThrows(JobDescriptionException.class,
                () -> new JobScript("/dev/null", false).generate("j1", job, new byte[0]));
        assertTrue(e.getMessage().contains("environment"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void refusesAStdinTooLargeForUserData() {
        var e = assertThrows(JobDescriptionException.class,
                () -> new JobScript("/dev/null", false).generate("j1", job("/bin/cat"), new byte[60 * 1024]));
        assertTrue(e.getMessage().contains("stdin"), e.getMessage());
    }

    private static JobDescription job(String executable, String... arguments) {
        JobDescription.Builder b = JobDescription.builder().executable(executable);
        for (String a : arguments) {
            b.argument(a);
        }
        return b.build();
    }

    private JobResult run(String shell, JobDescription job, byte[] stdin) throws Exception {
        Path console = dir.resolve("ttyS0");
        Files.write(console, "boot noise\r\n".getBytes(StandardCharsets.US_ASCII));
        String script = new JobScript(console.toString(), false).generate("job-1", job, stdin);
        Path file = dir.resolve("user-data");
        Files.writeString(file, script);
        ProcessBuilder pb;
        if (shell.equals("busybox")) {
            RealPeer.require("busybox", RealPeer.commandInstalled("busybox"), "Debian package busybox-static");
            Path bin = busyboxBin();
            pb = new ProcessBuilder(bin.resolve("sh").toString(), file.toString());
            pb.environment().put("PATH", bin.toString());
        } else {
            pb = new ProcessBuilder("/bin/sh", file.toString());
        }
        pb.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sh.log").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script ends");
        ConsoleReading reading = new ConsoleParser("job-1").read(Files.readString(console, StandardCharsets.ISO_8859_1),
                false);
        assertTrue(reading.started());
        assertNotNull(reading.result(), () -> reading.problem() + "; " + read(dir.resolve("sh.log")));
        return reading.result();
    }

    /** A PATH of busybox applets alone, as the tiny guest's. */
    private Path busyboxBin() throws IOException {
        Path bin = dir.resolve("busybox-bin");
        Files.createDirectories(bin);
        Path busybox = Path.of(RealPeer.commandInstalled("busybox") && Files.exists(Path.of("/bin/busybox"))
                ? "/bin/busybox" : "/usr/bin/busybox");
        for (String applet : List.of("sh", "base64", "head", "wc", "sed", "tr", "sha256sum", "mkdir", "rm", "mv",
                "cat", "printf", "dmesg", "sync", "echo", "pwd")) {
            Path link = bin.resolve(applet);
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, busybox);
            }
        }
        return bin;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
