package org.agora.gram.daemon;

import java.math.BigDecimal;
import java.time.Duration;
import org.agora.gram.JobDescriptions;
import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;
import org.agora.gram.protocol.ProtocolException;
import org.agora.gram.protocol.Request;

/**
 * A SUBMIT request read into a job: its description as the job manager gave it, its stdin, the
 * GRAM job contact and the user's delegated proxy.
 */
public record Submission(JobDescription job, byte[] stdin, String gridJobId, byte[] proxy) {
    /** Largest proxy file (a chain of a few certificates and a key). */
    static final int MAX_PROXY = 64 * 1024;
    /** Longest GRAM job contact kept on a workspace. */
    static final int MAX_GRID_JOB_ID = 512;

    public static Submission from(Request request) throws ProtocolException, JobDescriptionException {
        JobDescription.Builder job = JobDescription.builder().executable(request.text("executable"));
        for (String argument : request.texts("argument")) {
            job.argument(argument);
        }
        for (String pair : request.texts("env")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new JobDescriptionException("environment", pair, "NAME=VALUE pairs");
            }
            job.environment(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String directory = request.text("directory");
        if (directory != null) {
            job.directory(directory);
        }
        Long count = number(request, "count", "count", 1, 4096);
        if (count != null) {
            job.count(count.intValue());
        }
        Long wall = number(request, "maxwalltime", "max_wall_time", 1, 525_600);
        if (wall != null) {
            job.maxWallTime(Duration.ofMinutes(wall));
        }
        Long maxMemory = number(request, "maxmemory", "max_memory", 1, 16L << 20);
        if (maxMemory != null) {
            job.maxMemory(maxMemory);
        }
        String image = request.text("image");
        if (image != null) {
            job.image(image);
        }
        Long vcpus = number(request, "vcpus", "agora_vcpus", 1, 1024);
        if (vcpus != null) {
            job.vcpus(vcpus.intValue());
        }
        Long memory = number(request, "memory", "agora_memory", 1, 16L << 20);
        if (memory != null) {
            job.memoryMiB(memory);
        }
        String bid = request.text("bid");
        if (bid != null) {
            try {
                job.bid(new BigDecimal(bid.strip()));
            } catch (NumberFormatException e) {
                throw new JobDescriptionException("agora_bid", bid, "a number of credits, e.g. 12.5");
            }
        }
        String gridJobId = request.text("gridjobid");
        if (gridJobId == null || gridJobId.isBlank() || gridJobId.length() > MAX_GRID_JOB_ID
                || !gridJobId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ProtocolException("bad-request", "gridjobid: the GRAM job contact, 1 to " + MAX_GRID_JOB_ID
                    + " printable characters");
        }
        byte[] proxy = request.bytes("proxy");
        if (proxy == null || proxy.length == 0 || proxy.length > MAX_PROXY) {
            throw new ProtocolException("bad-request", "proxy: the user's delegated proxy file (PEM, at most "
                    + MAX_PROXY / 1024 + " KiB) is required");
        }
        byte[] stdin = request.bytes("stdin");
        return new Submission(JobDescriptions.requireRunnable(job.build()), stdin == null ? new byte[0] : stdin,
                gridJobId, proxy);
    }

    private static Long number(Request request, String field, String attribute, long min, long max)
            throws ProtocolException, JobDescriptionException {
        String text = request.text(field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new JobDescriptionException(attribute, text, "a whole number from " + min + " to " + max);
    }
}
