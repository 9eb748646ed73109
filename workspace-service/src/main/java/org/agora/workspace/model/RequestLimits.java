package org.agora.workspace.model;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The site's limits on a single workspace request. Checking happens before anything is stored, so
 * a refused request leaves no trace but the fault.
 */
public record RequestLimits(int maxVcpus, int maxMemoryMiB, int maxDiskMiB, int defaultDiskMiB,
                            Duration maxDuration) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+~-]{0,1023}");

    /** Limits that suit the demo and a small site. */
    public static RequestLimits defaults() {
        return new RequestLimits(32, 262_144, 1_048_576, 1024, Duration.ofDays(7));
    }

    /** Returns the request with defaults filled in, or refuses it naming the field. */
    public WorkspaceRequest check(WorkspaceRequest r) throws InvalidRequestException {
        if (r.image() == null || r.image().isBlank()) {
            throw new InvalidRequestException("Metadata/Image", "an image name or URI",
                    "Metadata/Image is missing: name the image to boot, e.g. debian-12");
        }
        if (!IMAGE.matcher(r.image()).matches()) {
            throw new InvalidRequestException("Metadata/Image", "letters, digits and . _ : / @ + ~ -, up to 1024",
                    "Metadata/Image '" + r.image() + "' has characters an image reference cannot have");
        }
        if (r.imageSha256() != null && !SHA256.matcher(r.imageSha256()).matches()) {
            throw new InvalidRequestException("Metadata/ImageSha256", "64 hexadecimal digits",
                    "Metadata/ImageSha256 must be 64 hexadecimal digits");
        }
        range("ResourceAllocation/Vcpus", r.vcpus(), 1, maxVcpus, "virtual CPUs");
        range("ResourceAllocation/MemoryMiB", r.memoryMiB(), 16, maxMemoryMiB, "MiB of memory");
        int disk = r.diskMiB() == 0 ? defaultDiskMiB : r.diskMiB();
        range("ResourceAllocation/DiskMiB", disk, 1, maxDiskMiB, "MiB of disk");
        if (r.duration() == null || r.duration().isNegative() || r.duration().isZero()) {
            throw new InvalidRequestException("DeploymentRequest/Duration", "a positive duration up to " + maxDuration,
                    "DeploymentRequest/Duration must be positive, e.g. PT2H for two hours");
        }
        if (r.duration().compareTo(maxDuration) > 0) {
            throw new InvalidRequestException("DeploymentRequest/Duration", "at most " + maxDuration,
                    "DeploymentRequest/Duration " + r.duration() + " exceeds this site's maximum of " + maxDuration);
        }
        String name = r.name() == null || r.name().isBlank() ? r.image() : r.name().strip();
        if (name.length() > 255) {
            throw new InvalidRequestException("Metadata/Name", "at most 255 characters",
                    "Metadata/Name is " + name.length() + " characters long; at most 255 are kept");
        }
        WorkspaceState initial = r.initialState() == null ? WorkspaceState.RUNNING : r.initialState();
        return new WorkspaceRequest(name, r.image(), r.imageSha256(), r.vcpus(), r.memoryMiB(), disk,
                r.duration(), initial);
    }

    private static void range(String field, int value, int min, int max, String unit) throws InvalidRequestException {
        if (value < min || value > max) {
            throw new InvalidRequestException(field, "from " + min + " to " + max,
                    field + " is " + value + "; this site accepts from " + min + " to " + max + " " + unit);
        }
    }
}
