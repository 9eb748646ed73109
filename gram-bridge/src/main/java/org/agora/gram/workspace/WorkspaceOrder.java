package org.agora.gram.workspace;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A workspace as a job needs it.
 *
 * @param name      a name for people: the job's id
 * @param image     the site image (or URI) the job runs in
 * @param vcpus     virtual CPUs
 * @param memoryMiB memory, MiB
 * @param lifetime  how long the workspace may live: the job's wall time and a margin for booting
 * @param bid       credits offered over the lifetime; null: no market bid
 * @param gridJobId the GRAM job contact the workspace runs, kept on it and in its usage record
 * @param userData  the job script, run by the guest at boot
 */
public record WorkspaceOrder(String name, String image, int vcpus, int memoryMiB, Duration lifetime,
                             BigDecimal bid, String gridJobId, String userData) {
}
