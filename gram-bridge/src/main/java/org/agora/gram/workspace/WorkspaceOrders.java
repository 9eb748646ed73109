package org.agora.gram.workspace;

import java.math.BigDecimal;
import java.time.Duration;
import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;

/** Turns a job into the workspace it runs in, with the site's defaults and within its limits. */
public final class WorkspaceOrders {
    private final SiteDefaults site;

    public WorkspaceOrders(SiteDefaults site) {
        this.site = site;
    }

    /**
     * @param jobId     the bridge's id of the job, the workspace's name
     * @param gridJobId the GRAM job contact
     * @param script    the job script, the workspace's user-data
     */
    public WorkspaceOrder order(String jobId, JobDescription job, String gridJobId, String script)
            throws JobDescriptionException {
        String image = job.image() != null && !job.image().isBlank() ? job.image() : site.image();
        long vcpus = job.vcpus() != null ? job.vcpus() : job.count() > 1 ? job.count() : site.vcpus();
        String vcpuField = job.vcpus() != null ? "agora_vcpus" : "count";
        if (vcpus < 1 || vcpus > site.maxVcpus()) {
            throw new JobDescriptionException(vcpuField, String.valueOf(vcpus),
                    "1 to " + site.maxVcpus() + " vCPUs at this site");
        }
        long memory = job.memoryMiB() != null ? job.memoryMiB() : job.maxMemory() != null ? job.maxMemory()
                : site.memoryMiB();
        String memoryField = job.memoryMiB() != null ? "agora_memory" : "max_memory";
        if (memory < 16 || memory > site.maxMemoryMiB()) {
            throw new JobDescriptionException(memoryField, String.valueOf(memory),
                    "16 to " + site.maxMemoryMiB() + " MiB at this site");
        }
        Duration wall = job.maxWallTime() != null ? job.maxWallTime() : site.wallTime();
        if (wall.isNegative() || wall.isZero() || wall.compareTo(site.maxWallTime()) > 0) {
            throw new JobDescriptionException("max_wall_time", String.valueOf(wall.toMinutes()),
                    "1 to " + site.maxWallTime().toMinutes() + " minutes at this site");
        }
        BigDecimal bid = job.bid();
        if (bid != null && bid.signum() <= 0) {
            throw new JobDescriptionException("agora_bid", bid.toPlainString(), "a positive number of credits");
        }
        return new WorkspaceOrder(jobId, image, (int) vcpus, (int) memory, wall.plus(site.margin()), bid,
                gridJobId, script);
    }
}
