package org.agora.gram.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Consoles as a workspace may leave them: complete, cut, corrupted, mixed with boot messages. */
class ConsoleParserTest {
    private final ConsoleParser parser = new ConsoleParser("j7");

    @Test
    void readsAFrameAmongBootMessagesWithCrLfLineEnds() {
        String console = "[    0.1] Linux version\r\nAGORA-JOB j7 START\r\n" + frame("out\n", "err\n", 4, true).replace("\n", "\r\n")
                + "[    3.2] reboot: Power down\r\n";
        ConsoleReading reading = parser.read(console, false);
        assertTrue(reading.finished(), reading.problem());
        assertEquals(4, reading.result().exitCode());
        assertEquals("out\n", new String(reading.result().stdout(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(reading.result().stderr(), StandardCharsets.UTF_8));
    }

    @Test
    void aStartLineAloneMeansRunning() {
        ConsoleReading reading = parser.read("boot\nAGORA-JOB j7 START\n", false);
        assertTrue(reading.started());
        assertFalse(reading.finished());
        assertNull(reading.problem());
    }

    @Test
    void anotherJobsFrameIsNotThisOne() {
        ConsoleReading reading = parser.read(frame("x", "", 0, true).replace("AGORA-JOB j7 ", "AGORA-JOB j8 "), false);
        assertFalse(reading.started());
        assertFalse(reading.finished());
    }

    @Test
    void aFrameWithoutItsEndIsNotAResult() {
        String full = frame("out\n", "", 0, true);
        String cut = full.substring(0, full.indexOf("AGORA-JOB j7 END"));
        ConsoleReading reading = parser.read(cut, false);
        assertFalse(reading.finished());
        assertTrue(reading.problem().contains("ends before its END line"), reading.problem());
    }

    @Test
    void aChangedByteFailsTheChecksum() {
        String corrupted = frame("out\n", "", 0, true).replace("EXIT 0", "EXIT 1");
        ConsoleReading reading = parser.read(corrupted, false);
        assertFalse(reading.finished());
        assertTrue(reading.problem().contains("checksum mismatch"), reading.problem());
    }

    @Test
    void aKernelMessageInsideAFrameLineIsReported() {
        String frame = frame("out\n", "", 0, true);
        String broken = frame.replace("AGORA-JOB j7 STDOUT", "[ 9.9] oops AGORA-JOB j7 STDOUT");
        ConsoleReading reading = parser.read(broken, false);
        assertFalse(reading.finished());
        assertTrue(reading.problem().contains("interleaved"), reading.problem());
    }

    @Test
    void aFrameWhoseStartTheConsoleDroppedIsReportedAsTruncated() {
        String full = frame("out\n", "", 0, true);
        String tail = full.substring(full.indexOf("AGORA-JOB j7 EXIT"));
        ConsoleReading reading = parser.read(tail, true);
        assertFalse(reading.finished());
        assertTrue(reading.problem().contains("only the end"), reading.problem());
    }

    @Test
    void anUndecodableLineIsReported() {
        ConsoleReading reading = parser.read(frame("out\n", "", 0, true).replace("STDOUT b3V0Cg==", "STDOUT b3V0C!=="), false);
        assertFalse(reading.finished());
        assertTrue(reading.problem().contains("corrupted line"), reading.problem());
    }

    @Test
    void aFrameWithoutExitIsNotAResult() {
        ConsoleReading reading = parser.read(frame("out\n", "", 0, false), false);
        assertFalse(reading.finished());
        assertTrue(reading.problem().contains("no EXIT"), reading.problem());
    }

    /** A frame as the script writes it. */
    static String frame(String out, String err, int exit, boolean withExit) {
        StringBuilder f = new StringBuilder("AGORA-JOB j7 BEGIN\n");
        if (!out.isEmpty()) {
            f.append("AGORA-JOB j7 STDOUT ").append(b64(out)).append('\n');
        }
        if (!err.isEmpty()) {
            f.append("AGORA-JOB j7 STDERR ").append(b64(err)).append('\n');
        }
        if (withExit) {
            f.append("AGORA-JOB j7 EXIT ").append(exit).append('\n');
        }
        return f + "AGORA-JOB j7 END " + sha256(f.toString()) + "\n";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
