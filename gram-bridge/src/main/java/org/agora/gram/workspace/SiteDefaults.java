package org.agora.gram.workspace;

import java.time.Duration;

/**
 * The site's choices for what a job leaves out, and its limits.
 *
 * @param image        image of a job without agora_image
 * @param vcpus        vCPUs of a job without agora_vcpus or count
 * @param memoryMiB    memory of a job without agora_memory or max_memory
 * @param wallTime     wall time of a job without max_wall_time
 * @param margin       added to the wall time for booting and the result's return
 * @param maxVcpus     most vCPUs a job may ask for
 * @param maxMemoryMiB most memory a job may ask for
 * @param maxWallTime  longest wall time a job may ask for
 */
public record SiteDefaults(String image, int vcpus, int memoryMiB, Duration wallTime, Duration margin,
                           int maxVcpus, int maxMemoryMiB, Duration maxWallTime) {
}
