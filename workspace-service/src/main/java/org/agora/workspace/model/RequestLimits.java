package org.agora.workspace.model;

import java.time.Duration;
import java.util.regex.Pattern;
import org.agora.contract.lexical.Quote;

/**
 * The site's limits on a single workspace request. Checking happens before anything is stored, so
 * a refused request leaves no trace but the fault.
 */
public record RequestLimits(int maxVcpus, int maxMemoryMiB, int maxDiskMiB, int defaultDiskMiB,
                            Duration maxDuration) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+~-]{0,1023}");
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final java.util.Set<String> ARCHES = java.util.Set.of("x86_64", "i686", "aarch64");
    /** The Xen credit scheduler's default weight, which KVM's cpu_shares default (1024) is scaled to. */
    public static final int DEFAULT_CPU_WEIGHT = 256;
    public static final int MAX_NICS = 8;
    /** NoCloud user-data kept at most, in UTF-8 bytes: a script, not a payload (cloud-init's own EC2 limit is 16 KiB). */
    public static final int MAX_USER_DATA_BYTES = 65_536;
    public static final int MAX_GRID_JOB_ID = 512;

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
                    "Metadata/Image " + Quote.of(r.image()) + " has characters an image reference cannot have");
        }
        if (r.imageSha256() != null && !SHA256.matcher(r.imageSha256()).matches()) {
            throw new InvalidRequestException("Metadata/ImageSha256", "64 hexadecimal digits",
                    "Metadata/ImageSha256 " + Quote.of(r.imageSha256()) + " is not 64 hexadecimal digits");
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
        Platform platform = checkPlatform(r.platform() == null ? Platform.ANY : r.platform());
        checkNics(r.nics());
        int weight = r.cpuWeight() == 0 ? DEFAULT_CPU_WEIGHT : r.cpuWeight();
        range("ResourceAllocation/CpuWeight", weight, 1, 65_535, "(a relative CPU weight; 256 is the default)");
        ShutdownMechanism shutdown = r.shutdown() == null ? ShutdownMechanism.NORMAL : r.shutdown();
        if (r.bid() != null && (r.bid().amount() == null || r.bid().amount().signum() <= 0
                || r.bid().amount().stripTrailingZeros().scale() > 6)) {
            throw new InvalidRequestException("Bid/Amount", "a positive amount of credits, at most six decimals",
                    "Bid/Amount " + (r.bid().amount() == null ? "is missing" : Quote.of(r.bid().amount().toPlainString())
                            + " is not a positive amount of credits with at most six decimals"));
        }
        return new WorkspaceRequest(name, r.image(), r.imageSha256(), r.vcpus(), r.memoryMiB(), disk,
                r.duration(), initial, platform, r.nics(), weight, shutdown, r.bid(), checkUserData(r.userData()),
                checkGridJobId(r.gridJobId()));
    }

    /** The user-data as given (empty means none), or refused when larger than the seed takes. */
    private static String checkUserData(String userData) throws InvalidRequestException {
        if (userData == null || userData.isEmpty()) {
            return null;
        }
        // Characters first: a string this long cannot fit, whatever its encoding, and is not encoded to find out.
        long bytes = userData.length() > MAX_USER_DATA_BYTES ? userData.length()
                : userData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_DATA_BYTES) {
            throw new InvalidRequestException("Metadata/UserData", "at most " + MAX_USER_DATA_BYTES + " bytes in UTF-8",
                    "Metadata/UserData " + Quote.of(userData) + " is " + (userData.length() > MAX_USER_DATA_BYTES
                            ? "over " : "") + bytes + " bytes in UTF-8; at most " + MAX_USER_DATA_BYTES
                            + " are written into the guest's seed");
        }
        return userData;
    }

    /** The grid job id stripped (blank means none), or refused unless one line of printable ASCII. */
    private static String checkGridJobId(String gridJobId) throws InvalidRequestException {
        if (gridJobId == null || gridJobId.isBlank()) {
            return null;
        }
        String id = gridJobId.strip();
        if (id.length() > MAX_GRID_JOB_ID || id.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new InvalidRequestException("Metadata/GridJobId",
                    "one line of at most " + MAX_GRID_JOB_ID + " printable ASCII characters",
                    "Metadata/GridJobId " + Quote.of(id) + " is not one line of at most " + MAX_GRID_JOB_ID
                            + " printable ASCII characters, e.g. https://ce.example.org:2119/16001/1700000000/");
        }
        return id;
    }

    private static Platform checkPlatform(Platform p) throws InvalidRequestException {
        String arch = p.arch() == null || p.arch().isBlank() ? null : p.arch().strip();
        if (arch != null && !ARCHES.contains(arch)) {
            throw new InvalidRequestException("Metadata/Arch", "one of " + new java.util.TreeSet<>(ARCHES),
                    "Metadata/Arch " + Quote.of(arch) + " is not an architecture this site runs; use one of "
                            + new java.util.TreeSet<>(ARCHES));
        }
        for (String[] part : new String[][] {{"Metadata/Kernel", p.kernel()}, {"Metadata/Initrd", p.initrd()}}) {
            if (part[1] != null && !IMAGE.matcher(part[1]).matches()) {
                throw new InvalidRequestException(part[0], "an image-repository name or URI",
                        part[0] + " " + Quote.of(part[1]) + " has characters a repository reference cannot have");
            }
        }
        if (p.initrd() != null && p.kernel() == null) {
            throw new InvalidRequestException("Metadata/Initrd", "only together with Metadata/Kernel",
                    "Metadata/Initrd is given without Metadata/Kernel; name the kernel it belongs to");
        }
        if (p.kernelArgs() != null && (p.kernelArgs().length() > 1024 || p.kernelArgs().chars().anyMatch(c -> c < 0x20))) {
            throw new InvalidRequestException("Metadata/KernelArgs", "one line of at most 1024 characters",
                    "Metadata/KernelArgs must be one line of at most 1024 printable characters");
        }
        return new Platform(p.hypervisor(), arch, p.kernel(), p.initrd(), p.kernelArgs());
    }

    private static void checkNics(java.util.List<Nic> nics) throws InvalidRequestException {
        if (nics.size() > MAX_NICS) {
            throw new InvalidRequestException("Metadata/Nic", "at most " + MAX_NICS,
                    "the request asks for " + nics.size() + " network interfaces; at most " + MAX_NICS + " are offered");
        }
        for (int i = 0; i < nics.size(); i++) {
            Nic n = nics.get(i);
            String at = "Metadata/Nic[" + (i + 1) + "]";
            if (n.network() == null || !NETWORK.matcher(n.network()).matches()) {
                throw new InvalidRequestException(at + "/Network", "a network name: letters, digits, . _ -",
                        at + "/Network " + Quote.of(n.network()) + " is not a network name");
            }
            if (n.mac() != null && (!MAC.matcher(n.mac()).matches()
                    || (Integer.parseInt(n.mac().substring(0, 2), 16) & 1) == 1)) {
                throw new InvalidRequestException(at + "/Mac", "a unicast MAC address, e.g. 52:54:00:12:34:56",
                        at + "/Mac " + Quote.of(n.mac()) + " is not a unicast MAC address (six hex pairs, first octet even)");
            }
            if (n.ip() != null && !IPV4.matcher(n.ip()).matches()) {
                throw new InvalidRequestException(at + "/Ip", "a dotted IPv4 address",
                        at + "/Ip " + Quote.of(n.ip()) + " is not an IPv4 address");
            }
        }
    }

    private static void range(String field, int value, int min, int max, String unit) throws InvalidRequestException {
        if (value < min || value > max) {
            throw new InvalidRequestException(field, "from " + min + " to " + max,
                    field + " is " + value + "; this site accepts from " + min + " to " + max + " " + unit);
        }
    }
}
