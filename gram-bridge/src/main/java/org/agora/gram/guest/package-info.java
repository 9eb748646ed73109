/**
 * What runs inside the job's workspace and what comes back from it: the job script (POSIX sh, the
 * workspace's user-data) that runs the job and frames its result on the serial console, and the
 * reading of that console back into a verified result.
 *
 * <p>Frame, one line each, on the console: {@code AGORA-JOB <id> START} when the script begins;
 * then {@code BEGIN}, {@code STDOUT <base64>} lines, {@code STDERR <base64>} lines, {@code EXIT <n>},
 * each prefixed {@code AGORA-JOB <id> }; then {@code AGORA-JOB <id> END <sha256>}, the SHA-256 (hex)
 * of the BEGIN..EXIT lines exactly as written, each ending in LF. A console may turn LF into CRLF;
 * the reader takes either.
 */
package org.agora.gram.guest;
