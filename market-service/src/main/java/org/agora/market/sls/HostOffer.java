package org.agora.market.sls;

/**
 * A listed host as a bidder sees it.
 *
 * @param totalRate the sum of the active bid rates on the host, micro-credits per second
 * @param price what a vCPU costs there now: the bid rates per vCPU, or the reserve when that is higher
 */
public record HostOffer(String host, String site, String hypervisor, String arch, int vcpus, long freeMemoryMiB,
                        long reserveRate, double totalRate, double price, String nodeUrl) {
}
