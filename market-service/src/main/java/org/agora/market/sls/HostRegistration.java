package org.agora.market.sls;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a host tells the SLS about itself at each heartbeat.
 *
 * @param reserveRate the least rate (micro-credits per second) the host's owner accepts per vCPU;
 *        the price a host with no bids shows, and what best-response bidding counts as others' bids
 * @param ownerDn the grid DN whose account bids on the host pay
 * @param nodeUrl the site adapter's node service URL; empty when the host's site runs none we know of
 */
public record HostRegistration(String host, String site, String hypervisor, String arch, int vcpus, long memoryMiB,
                               long freeMemoryMiB, String ownerDn, long reserveRate, String nodeUrl) {
    public static final Set<String> HYPERVISORS = Set.of("kvm", "xen");
    public static final int MAX_VCPUS = 4096;
    /** A pebibyte: far above any one host, low enough that sums over hosts stay exact. */
    public static final long MAX_MEMORY_MIB = 1L << 30;
    // Own nodes are listed as host:port, so a colon is allowed.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");
    private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_]{1,16}");

    /** Refuses the first field that the SLS cannot store or that no host could have, naming what is allowed. */
    void check() throws RegistrationRefusedException {
        if (host == null || !HOST.matcher(host).matches()) {
            throw RegistrationRefusedException.invalid("Host", "Host '" + (host == null ? "" : host) + "' is not a "
                    + "host name; allowed: 1 to 255 letters, digits, '.', '-', '_' or ':', starting with a letter or digit");
        }
        if (site == null || site.isBlank() || site.length() > 128 || site.chars().anyMatch(Character::isISOControl)) {
            throw RegistrationRefusedException.invalid("Site", "Site of " + host + " is '" + site + "'; allowed: "
                    + "a name of 1 to 128 printable characters");
        }
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw RegistrationRefusedException.invalid("Vcpus", "Vcpus of " + host + " is " + vcpus + "; allowed: 1 to "
                    + MAX_VCPUS);
        }
        if (memoryMiB < 1 || memoryMiB > MAX_MEMORY_MIB) {
            throw RegistrationRefusedException.invalid("MemoryMiB", "MemoryMiB of " + host + " is " + memoryMiB
                    + "; allowed: 1 to " + MAX_MEMORY_MIB);
        }
        if (freeMemoryMiB < 0 || freeMemoryMiB > memoryMiB) {
            throw RegistrationRefusedException.invalid("FreeMemoryMiB", "FreeMemoryMiB of " + host + " is "
                    + freeMemoryMiB + "; allowed: 0 to its MemoryMiB, " + memoryMiB);
        }
        if (!HYPERVISORS.contains(hypervisor)) {
            throw RegistrationRefusedException.invalid("Hypervisor", "Hypervisor of " + host + " is '" + hypervisor
                    + "'; allowed: kvm or xen");
        }
        if (arch == null || !ARCH.matcher(arch).matches()) {
            throw RegistrationRefusedException.invalid("Arch", "Arch of " + host + " is '" + arch + "'; allowed: 1 to "
                    + "16 letters, digits or '_', as uname -m prints it (x86_64, aarch64)");
        }
        if (reserveRate < 0) {
            throw RegistrationRefusedException.invalid("ReserveRate", "ReserveRate of " + host
                    + " is negative; allowed: 0 or more credits per second per vCPU");
        }
        if (ownerDn == null || !ownerDn.startsWith("/") || !ownerDn.contains("=") || ownerDn.length() > 512) {
            throw RegistrationRefusedException.invalid("Owner", "Owner of " + host + " is '" + ownerDn
                    + "'; allowed: a grid DN in slash form, e.g. /DC=org/DC=example/CN=Site Admin (at most 512 characters)");
        }
        if (nodeUrl == null || nodeUrl.length() > 1024 || !(nodeUrl.isEmpty() || nodeUrl.startsWith("https://"))) {
            throw RegistrationRefusedException.invalid("NodeUrl", "NodeUrl of " + host + " is '" + nodeUrl + "'; "
                    + "allowed: an https URL of at most 1024 characters, or none");
        }
    }
}
