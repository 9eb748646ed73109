package org.agora.gram.guest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;

/**
 * Writes the POSIX sh script a job's workspace runs as its user-data. Everything the job needs
 * (executable, arguments, environment, directory, stdin) travels inside it base64-encoded, so any
 * byte survives and nothing is fetched from the network; it needs only sh, base64, head, wc, sed
 * and sha256sum, which busybox and every real image have.
 */
public final class JobScript {
    /** Bytes of each of stdout and stderr sent back; more is cut, with a note at the end of stderr. */
    public static final int MAX_STREAM_BYTES = 192 * 1024;
    /**
     * Largest script: the user-data limit of the workspace contract. Two full streams, framed and
     * base64-encoded, come to 660 KiB, within the 1 MiB the adapter keeps of a console.
     */
    public static final int MAX_SCRIPT_BYTES = 64 * 1024;
    /** A job id as the frame carries it: the daemon's ids, never anything a shell would read. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final String PREFIX = "AGORA-JOB ";

    private final String console;
    private final boolean powerOff;

    /**
     * @param console  the file the result is framed on ({@code /dev/ttyS0} in a workspace)
     * @param powerOff whether the script powers the guest off once the result is written
     */
    public JobScript(String console, boolean powerOff) {
        this.console = console;
        this.powerOff = powerOff;
    }

    /** The script for a workspace: console {@code /dev/ttyS0}, powered off at the end. */
    public static JobScript forWorkspace() {
        return new JobScript("/dev/ttyS0", true);
    }

    /** The script running {@code job} with {@code stdin} (may be empty) as its standard input. */
    public String generate(String jobId, JobDescription job, byte[] stdin) throws JobDescriptionException {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("a job id of 1 to 64 letters, digits, '.', '_', '-': " + jobId);
        }
        StringBuilder s = new StringBuilder(4096 + stdin.length * 2);
        s.append("#!/bin/sh\n# Agora GRAM job ").append(jobId).append(": runs the job, frames its result on the console.\n");
        s.append("J=").append(jobId).append('\n');
        s.append("C=").append(quote(console)).append('\n');
        s.append("L=").append(MAX_STREAM_BYTES).append('\n');
        // Kernel messages written into the middle of a frame line would break its checksum (only in
        // the guest: elsewhere this would quieten the host's console).
        if (powerOff) {
            s.append("dmesg -n 1 2>/dev/null\n");
        }
        s.append("W=/tmp/agora-job.$$\nrm -rf \"$W\"; mkdir -p \"$W\" || exit 1\n");
        s.append("d() { printf '%s' \"$1\" | base64 -d; }\n");
        // Command substitution drops trailing newlines: a sentinel keeps them.
        s.append("v() { x=$(d \"$1\"; echo .); x=${x%.}; }\n");
        s.append("printf '%s%s START\\n' '").append(PREFIX).append("' \"$J\" >>\"$C\"\n");
        s.append(": >\"$W/in\"\n");
        for (String line : base64Lines(stdin)) {
            s.append("printf '%s\\n' ").append(line).append(" >>\"$W/in.b64\"\n");
        }
        if (stdin.length > 0) {
            s.append("base64 -d <\"$W/in.b64\" >\"$W/in\"\n");
        }
        for (Map.Entry<String, String> e : job.environment().entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new JobDescriptionException("environment", e.getKey(),
                        "variable names of letters, digits and '_', not starting with a digit");
            }
            s.append("v ").append(b64(e.getValue())).append("; export ").append(e.getKey()).append("=\"$x\"\n");
        }
        s.append("set --\n");
        s.append("v ").append(b64(job.executable())).append("; set -- \"$@\" \"$x\"\n");
        for (String argument : job.arguments()) {
            s.append("v ").append(b64(argument)).append("; set -- \"$@\" \"$x\"\n");
        }
        String directory = job.directory() == null || job.directory().isBlank() ? "/tmp" : job.directory();
        s.append("v ").append(b64(directory)).append("\n");
        s.append("if mkdir -p \"$x\" 2>/dev/null && cd \"$x\"; then\n");
        s.append("  \"$@\" <\"$W/in\" >\"$W/out\" 2>\"$W/err\"; rc=$?\n");
        s.append("else\n  : >\"$W/out\"; printf 'agora: cannot enter the job directory %s\\n' \"$x\" >\"$W/err\"; rc=1\nfi\n");
        s.append("""
                cut() {
                  n=$(wc -c <"$W/$1")
                  if [ "$n" -gt "$L" ]; then
                    head -c "$L" "$W/$1" >"$W/$1.cut"; mv "$W/$1.cut" "$W/$1"
                    printf '\\nagora: %s truncated: %s bytes written, the first %s kept\\n' "$2" "$n" "$L" >>"$W/err"
                  fi
                }
                cut out stdout; cut err stderr
                p="AGORA-JOB $J"
                {
                  echo "$p BEGIN"
                  base64 <"$W/out" | tr -d '\\r' | sed "/^\\$/d; s/^/$p STDOUT /"
                  base64 <"$W/err" | tr -d '\\r' | sed "/^\\$/d; s/^/$p STDERR /"
                  echo "$p EXIT $rc"
                } >"$W/frame"
                sum=$(sha256sum "$W/frame"); sum=${sum%% *}
                cat "$W/frame" >>"$C"
                echo "$p END $sum" >>"$C"
                cd /; rm -rf "$W"; sync
                """);
        if (powerOff) {
            s.append("poweroff -f\n");
        }
        String script = s.toString();
        int size = script.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SCRIPT_BYTES) {
            throw new JobDescriptionException("stdin", size + " bytes of job script",
                    "a job whose stdin, arguments and environment come to under " + MAX_SCRIPT_BYTES / 1024
                            + " KiB (base64-encoded) in the workspace's user-data");
        }
        return script;
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> base64Lines(byte[] bytes) {
        String all = Base64.getEncoder().encodeToString(bytes);
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < all.length(); i += 76) {
            lines.add(all.substring(i, Math.min(all.length(), i + 76)));
        }
        return lines;
    }

    /** A shell word holding {@code value} literally. */
    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
