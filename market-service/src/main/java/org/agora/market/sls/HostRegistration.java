package org.agora.market.sls;

/**
 * What a host tells the SLS about itself at each heartbeat.
 *
 * @param reserveRate the least rate (micro-credits per second) the host's owner accepts per vCPU;
 *        the price a host with no bids shows, and what best-response bidding counts as others' bids
 * @param nodeUrl the site adapter's node service URL
 */
public record HostRegistration(String host, String site, String hypervisor, String arch, int vcpus, long memoryMiB,
                               long freeMemoryMiB, String ownerDn, long reserveRate, String nodeUrl) {
}
