package org.agora.workspace.accounting;

import java.util.List;

/**
 * APEL cloud accounting messages (v0.4): a header line, then one record per workspace as
 * {@code Key: Value} lines, records separated by {@code %%}; times as Unix seconds, durations as
 * whole seconds, memory in MB, as the APEL cloud client sends them. The grid job a workspace ran is
 * not written: the format has no key for it, and APEL refuses a record with a key it does not know.
 */
public final class ApelCloudRecords {
    private ApelCloudRecords() {
    }

    public static String write(List<UsageRecord> records, String site, String cloudService) {
        StringBuilder out = new StringBuilder("APEL-cloud-message: v0.4\n");
        boolean first = true;
        for (UsageRecord r : records) {
            if (!first) {
                out.append("%%\n");
            }
            first = false;
            line(out, "VMUUID", r.workspaceId());
            line(out, "SiteName", site);
            line(out, "CloudComputeService", cloudService);
            line(out, "MachineName", "agora-" + r.workspaceId());
            line(out, "LocalUserId", r.owner());
            line(out, "GlobalUserName", r.owner());
            line(out, "FQAN", r.fqans().isEmpty() ? "None" : r.fqans().get(0));
            line(out, "Status", r.status());
            line(out, "StartTime", r.start() == null ? "None" : Long.toString(r.start().getEpochSecond()));
            line(out, "EndTime", r.end() == null ? "None" : Long.toString(r.end().getEpochSecond()));
            line(out, "SuspendDuration", Long.toString(r.suspended().getSeconds()));
            line(out, "WallDuration", Long.toString(r.wall().getSeconds()));
            line(out, "CpuDuration", r.cpuSeconds() == null ? "None" : Long.toString(Math.round(r.cpuSeconds())));
            line(out, "CpuCount", Integer.toString(r.vcpus()));
            line(out, "Memory", Integer.toString(r.memoryMiB()));
            line(out, "Disk", Integer.toString((int) Math.ceil(r.diskMiB() / 1024.0)));
            line(out, "ImageId", r.image());
            line(out, "CloudType", "Agora");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        // A value never spans lines: the format is one Key: Value per line.
        out.append(key).append(": ").append(value.replace('\n', ' ')).append('\n');
    }
}
