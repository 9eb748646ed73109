package org.agora.gram.guest;

/**
 * What a workspace's console says about its job.
 *
 * @param started whether the script's START line is there (the job has begun)
 * @param result  the verified result; null while there is none
 * @param problem why the frame that is there cannot be trusted (checksum, truncation, a broken
 *                line); null when there is nothing wrong
 */
public record ConsoleReading(boolean started, JobResult result, String problem) {

    /** Whether the job's output is complete and verified. */
    public boolean finished() {
        return result != null;
    }
}
