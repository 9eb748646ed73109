package org.agora.gram.guest;

/**
 * A job's verified result as its script framed it.
 *
 * @param exitCode the job's exit status (0 to 255)
 * @param stdout   its standard output, at most {@link JobScript#MAX_STREAM_BYTES}
 * @param stderr   its standard error, with the script's notes (truncation, directory) at the end
 */
public record JobResult(int exitCode, byte[] stdout, byte[] stderr) {
}
