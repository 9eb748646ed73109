package org.agora.market.sls;

/**
 * What a workspace needs of a host; null fields do not filter.
 *
 * @param limit how many hosts, cheapest first
 */
public record HostQuery(String hypervisor, String arch, Long minFreeMemoryMiB, String site, int limit) {
    public static HostQuery cheapest(int limit) {
        return new HostQuery(null, null, null, null, limit);
    }
}
