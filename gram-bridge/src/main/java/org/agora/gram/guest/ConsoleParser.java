package org.agora.gram.guest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads a job's framed result back from its workspace's serial console text. Lines of other
 * origin (boot messages) are passed over; within the frame every line must be the job's, and the
 * checksum on the END line must match what was read.
 */
public final class ConsoleParser {
    private final String jobId;

    public ConsoleParser(String jobId) {
        this.jobId = jobId;
    }

    /**
     * @param console   the console text as the service returned it
     * @param truncated whether the service left out earlier output
     */
    public ConsoleReading read(String console, boolean truncated) {
        String prefix = JobScript.PREFIX + jobId + " ";
        boolean started = false;
        boolean inFrame = false;
        StringBuilder frame = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Integer exit = null;
        String problem = null;
        for (String raw : console.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int at = line.indexOf(prefix);
            if (at < 0) {
                continue;
            }
            if (at > 0 && inFrame) {
                // Something else wrote into the middle of the frame: the checksum will not match.
                problem = "the job's result on the console was interleaved with other output";
            }
            String body = line.substring(at + prefix.length());
            if (body.equals("START")) {
                started = true;
            } else if (body.equals("BEGIN")) {
                started = true;
                inFrame = true;
                frame.setLength(0);
                out.reset();
                err.reset();
                exit = null;
                problem = null;
                frame.append(line, at, line.length()).append('\n');
            } else if (!inFrame) {
                if (body.startsWith("END ") || body.startsWith("EXIT ")) {
                    problem = truncated ? "the console kept only the end of the job's output (over 1 MiB of console)"
                            : "the job's result on the console has no BEGIN line";
                }
            } else if (body.startsWith("END ")) {
                inFrame = false;
                if (problem != null) {
                    continue;
                }
                if (exit == null) {
                    problem = "the job's result on the console has no EXIT line";
                } else if (!sha256(frame).equals(body.substring(4).strip().toLowerCase(Locale.ROOT))) {
                    problem = "the job's result on the console is corrupted (checksum mismatch)";
                } else {
                    return new ConsoleReading(true, new JobResult(exit, out.toByteArray(), err.toByteArray()), null);
                }
            } else {
                frame.append(line, at, line.length()).append('\n');
                problem = problem != null ? problem : take(body, out, err);
                if (body.startsWith("EXIT ")) {
                    exit = exitCode(body.substring(5));
                    if (exit == null) {
                        problem = "the job's exit line on the console is unreadable: " + shorten(body);
                    }
                }
            }
        }
        if (inFrame && problem == null) {
            problem = "the job's result on the console ends before its END line";
        }
        return new ConsoleReading(started, null, problem);
    }

    /** Adds a STDOUT/STDERR line's bytes; returns a problem, or null. */
    private static String take(String body, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        ByteArrayOutputStream target = body.startsWith("STDOUT ") ? out : body.startsWith("STDERR ") ? err : null;
        if (target == null) {
            return body.startsWith("EXIT ") ? null : "an unknown line in the job's result: " + shorten(body);
        }
        try {
            target.writeBytes(Base64.getDecoder().decode(body.substring(7).strip()));
            return null;
        } catch (IllegalArgumentException e) {
            return "the job's result on the console has a corrupted line: " + shorten(body);
        }
    }

    private static Integer exitCode(String text) {
        String t = text.strip();
        if (!t.matches("[0-9]{1,3}")) {
            return null;
        }
        int code = Integer.parseInt(t);
        return code <= 255 ? code : null;
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String sha256(CharSequence text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
