package org.agora.adapter;

import java.nio.file.Path;
import java.util.List;
import org.agora.adapter.hypervisor.DomainTypeChoice;
import org.agora.adapter.liveness.ReadinessChoice;
import org.agora.config.ConfigurationException;
import org.agora.config.Setting;
import org.agora.config.Settings;
import org.agora.config.SettingsSchema;

/** Every key of the {@code agora-adapter} configuration file. */
public final class AdapterSettings {
    private AdapterSettings() {
    }

    public static final Setting<String> LISTEN_HOST = Setting.text("agora.adapter.listen.host", "0.0.0.0",
            "Address the node service listens on.");
    public static final Setting<Integer> PORT = Setting.integer("agora.adapter.port", 8444, 1, 65535,
            "HTTPS port of the node service.");
    public static final Setting<Path> HOST_CERT = Setting.path("agora.adapter.host.cert",
            Path.of("/etc/grid-security/hostcert.pem"), "This node's host certificate (PEM).");
    public static final Setting<Path> HOST_KEY = Setting.path("agora.adapter.host.key",
            Path.of("/etc/grid-security/hostkey.pem"),
            "The host certificate's private key (PEM, unencrypted, readable only by the adapter's user).");
    public static final Setting<Path> CERTIFICATES_DIR = Setting.path("agora.adapter.certificates.dir",
            Path.of("/etc/grid-security/certificates"), "Grid CA directory (<hash>.0 files) the adapter trusts.");
    public static final Setting<String> SERVICE_DNS = Setting.list("agora.adapter.service.dns", ";",
            "a grid DN in slash form", AdapterSettings::isSlashDn,
            "Host DNs (slash form) of the workspace services allowed to call this node, separated by semicolons, "
                    + "e.g. /DC=org/DC=example/CN=host/agora.example.org (the subject of agora.server.host.cert). "
                    + "Required: the node contract bypasses admission, limits, the market and accounting, so the "
                    + "node obeys only these host certificates, never a proxy, and refuses to start without them.")
            .required();
    public static final Setting<String> LIBVIRT_URI = Setting.text("agora.adapter.libvirt.uri", "qemu:///system",
            "libvirt connection URI: qemu:///system for KVM/QEMU, xen:///system for Xen, test:///default to try "
                    + "Agora without a hypervisor.");
    public static final Setting<String> HYPERVISOR = Setting.oneOf("agora.adapter.hypervisor", "auto",
            java.util.Set.of("auto", "kvm", "xen"), "The kind of guests this node runs: auto (from the libvirt URI: "
                    + "xen:// is Xen, anything else KVM/QEMU), kvm or xen. Set xen on a test:// node file that stands "
                    + "for a Xen host.");
    public static final Setting<String> DOMAIN_TYPE = Setting.oneOf("agora.adapter.domain.type", "auto",
            java.util.Set.of("auto", "kvm", "qemu"), "libvirt domain type of a KVM/QEMU node's guests: auto (kvm "
                    + "where libvirt's capabilities list a kvm domain for the guest's architecture, else qemu), kvm "
                    + "(hardware acceleration; start-up fails if libvirt offers none) or qemu (software emulation, "
                    + "tens of times slower; for hosts where KVM is listed but hangs guests, as nested KVM can). "
                    + "Not used on Xen or test:// connections.");
    public static final Setting<Path> STORAGE_DIR = Setting.path("agora.adapter.storage.dir",
            Path.of("/var/lib/agora/storage"), "Where workspaces' disks are made; emptied of a workspace when it ends.");
    public static final Setting<String> STORAGE_BACKEND = Setting.oneOf("agora.adapter.storage.backend", "raw",
            java.util.Set.of("raw", "qcow2", "loopback", "lvm"),
            "How root disks are made from the base image: raw (a private sparse copy, no tool needed), qcow2 (a "
                    + "copy-on-write overlay on the base, needs qemu-img), loopback (a fully allocated copy whose ext "
                    + "file system is grown to the disk, for loop-mounting), lvm (a snapshot of a base logical volume "
                    + "in agora.adapter.storage.lvm.vg). See docs/adapter-storage.md.");
    public static final Setting<String> STORAGE_LVM_VG = Setting.text("agora.adapter.storage.lvm.vg", null,
            "The LVM volume group the lvm back-end makes volumes in (required with backend = lvm). Volumes named "
                    + "agora-* in it are Agora's and are removed when no domain uses them.");
    public static final Setting<Integer> STORAGE_SWAP = Setting.integer("agora.adapter.storage.swap.mib", 0, 0,
            Integer.MAX_VALUE, "Swap disk (MiB) given to every workspace as its second disk, mkswap'd; 0: none.");
    public static final Setting<Integer> STORAGE_SCRATCH = Setting.integer("agora.adapter.storage.scratch.mib", 0, 0,
            Integer.MAX_VALUE, "Empty scratch disk (MiB) given to every workspace after root and swap; 0: none.");
    public static final Setting<String> STORAGE_SAVE_COMPRESSION = Setting.oneOf(
            "agora.adapter.storage.save.compression", "none", java.util.Set.of("none", "gzip"),
            "How a disk saved at shutdown is stored in the image repository: none (sparse <name>.img, bootable "
                    + "as a base at once) or gzip (<name>.img.gz, smaller, unpacked before use).");
    public static final Setting<Integer> CAPACITY_VCPUS = Setting.integer("agora.adapter.capacity.vcpus", 0, 0,
            65536, "Virtual CPUs to offer to workspaces; 0: the node's CPU count as libvirt reports it.");
    public static final Setting<Integer> CAPACITY_MEMORY = Setting.integer("agora.adapter.capacity.memory.mib", 0, 0,
            Integer.MAX_VALUE, "Memory (MiB) to offer to workspaces; 0: the node's memory as libvirt reports it.");
    public static final Setting<Integer> CAPACITY_DISK = Setting.integer("agora.adapter.capacity.disk.mib", 0, 0,
            Integer.MAX_VALUE, "Disk (MiB) to offer to workspaces; 0: the free space of the storage directory.");

    public static final Setting<Integer> CAPACITY_CPU_RATIO = Setting.integer("agora.adapter.capacity.cpu.ratio.percent",
            100, 100, 1600, "Virtual CPUs offered per 100 counted above (the over-commit ratio): 100 never "
                    + "over-commits, 400 offers four virtual CPUs per CPU.");
    public static final Setting<Integer> CAPACITY_MEMORY_RATIO = Setting.integer(
            "agora.adapter.capacity.memory.ratio.percent", 100, 100, 400,
            "Memory offered per 100 MiB counted above; above 100 relies on the hypervisor's ballooning or swap.");
    public static final Setting<String> NETWORKS = Setting.text("agora.adapter.networks", "default",
            "libvirt networks workspaces may join, separated by commas; a workspace that names none joins the "
                    + "first. A request naming another is refused. 'usermode' is QEMU's user-mode networking "
                    + "(outbound only; no libvirt network, bridge or firewall needed on the node).");
    public static final Setting<String> MAC_PREFIX = Setting.text("agora.adapter.mac.prefix", null,
            "Three-octet prefix (e.g. 00:16:3e for Xen, 52:54:00 for QEMU) of the MACs the adapter gives "
                    + "interfaces that ask for none, derived from the workspace id so a redeploy keeps them; "
                    + "empty: libvirt picks.");

    public static final Setting<Path> IMAGE_CACHE_DIR = Setting.path("agora.adapter.image.cache.dir", null,
            "Where images fetched by URI (file, http, https; verified by sha256, gzip and xz unpacked) are kept, "
                    + "one file per content; default: image-cache under the storage directory.");
    public static final Setting<Integer> IMAGE_CACHE_MAX_MIB = Setting.integer("agora.adapter.image.cache.max.mib",
            20_480, 64, Integer.MAX_VALUE, "Size limit of the image cache (MiB): least recently used images no "
                    + "workspace uses are removed beyond it.");

    public static final Setting<ReadinessChoice> READINESS = Setting.parsed("agora.adapter.readiness", null,
            ReadinessChoice.ALLOWED, "How a running workspace is found Ready: running (as soon as its domain runs), "
                    + "console (agora.adapter.readiness.marker appears on its serial console), ping (its address "
                    + "answers a ping; without root or CAP_NET_RAW Java tries the TCP echo port 7 instead) or "
                    + "tcp:PORT (its address accepts a TCP connection on PORT, e.g. tcp:22). ping and tcp probe the "
                    + "Ip the workspace's request gave its interface, else an address libvirt saw it use; the guest "
                    + "must be reachable from this node (not with usermode networking). Empty: console when a "
                    + "marker is set, else running.", ReadinessChoice::parse);
    public static final Setting<String> READINESS_MARKER = Setting.text("agora.adapter.readiness.marker", null,
            "A line the site's images print on their serial console (ttyS0) once their services are up; with "
                    + "agora.adapter.readiness = console (the default when this is set) a running workspace is "
                    + "reported Ready when it appears.");
    public static final Setting<Integer> READINESS_TIMEOUT_MILLIS = Setting.integer(
            "agora.adapter.readiness.timeout.millis", 1000, 50, 10_000, "How long one ping or tcp readiness probe "
                    + "waits for the guest to answer; a guest that does not is probed again at the next liveness "
                    + "check. Probes run beside the liveness checks, never holding them up.");

    public static final Setting<Integer> LIVENESS_POLL_MILLIS = Setting.integer("agora.adapter.liveness.poll.millis",
            2000, 100, 300_000, "How often the adapter compares libvirt's domains with what it last saw (libvirt's "
                    + "lifecycle events wake it sooner); a domain that dies is cleaned up and reported within this.");

    public static final SettingsSchema SCHEMA = new SettingsSchema("agora-adapter", List.of(
            LISTEN_HOST, PORT, HOST_CERT, HOST_KEY, CERTIFICATES_DIR, SERVICE_DNS, LIBVIRT_URI, HYPERVISOR, DOMAIN_TYPE,
            STORAGE_DIR,
            STORAGE_BACKEND, STORAGE_LVM_VG, STORAGE_SWAP, STORAGE_SCRATCH, STORAGE_SAVE_COMPRESSION, CAPACITY_VCPUS,
            CAPACITY_MEMORY, CAPACITY_DISK, CAPACITY_CPU_RATIO, CAPACITY_MEMORY_RATIO, NETWORKS, MAC_PREFIX,
            IMAGE_CACHE_DIR, IMAGE_CACHE_MAX_MIB, READINESS, READINESS_MARKER, READINESS_TIMEOUT_MILLIS,
            LIVENESS_POLL_MILLIS));

    /** A slash-form DN as grid tools print it: /attribute=value/…, the first attribute a name. */
    private static boolean isSlashDn(String dn) {
        return dn.matches("/[A-Za-z][A-Za-z0-9.]*=[^/].*");
    }

    /** Whether the node's guests are Xen's, from {@link #HYPERVISOR} and the libvirt URI. */
    public static boolean xen(Settings settings) {
        String h = settings.get(HYPERVISOR);
        return h.equals("xen") || h.equals("auto")
                && org.agora.adapter.hypervisor.DomainXml.xenFlavoured(settings.get(LIBVIRT_URI));
    }

    /** The DNs of {@link #SERVICE_DNS}: the only callers the node obeys; empty when the file names none. */
    public static List<String> serviceDns(Settings settings) {
        return Settings.items(settings.get(SERVICE_DNS), ";");
    }

    /** The domain type the site asks for, from {@link #DOMAIN_TYPE}. */
    public static DomainTypeChoice domainType(Settings settings) {
        return DomainTypeChoice.of(settings.get(DOMAIN_TYPE));
    }

    /** The networks of {@link #NETWORKS}, in order. */
    public static List<String> networks(Settings settings) {
        return java.util.Arrays.stream(settings.get(NETWORKS).split(",")).map(String::strip)
                .filter(n -> !n.isEmpty()).distinct().toList();
    }

    /**
     * The readiness probe chosen: {@link #READINESS} when set, else console when a marker is set
     * (what a marker alone always meant), else running.
     */
    public static ReadinessChoice readiness(Settings settings) {
        return settings.find(READINESS).orElse(ReadinessChoice.parse(settings.isSet(READINESS_MARKER)
                ? "console" : "running"));
    }

    /** Checks what single keys cannot: settings that only make sense together. */
    public static void validate(Settings settings) throws ConfigurationException {
        List<String> problems = new java.util.ArrayList<>();
        boolean lvm = "lvm".equals(settings.get(STORAGE_BACKEND));
        if (lvm && !settings.isSet(STORAGE_LVM_VG)) {
            problems.add(STORAGE_BACKEND.key() + " = lvm needs " + STORAGE_LVM_VG.key()
                    + ", the volume group to make volumes in");
        }
        if (!lvm && settings.isSet(STORAGE_LVM_VG)) {
            problems.add(STORAGE_LVM_VG.key() + " is set but " + STORAGE_BACKEND.key() + " is "
                    + settings.get(STORAGE_BACKEND) + ", not lvm; remove it or set the back-end to lvm");
        }
        if (settings.isSet(MAC_PREFIX) && !settings.get(MAC_PREFIX).strip().matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){2}")) {
            problems.add(MAC_PREFIX.key() + " is '" + settings.get(MAC_PREFIX) + "'; it must be three octets such as "
                    + "00:16:3e");
        } else if (settings.isSet(MAC_PREFIX)
                && (Integer.parseInt(settings.get(MAC_PREFIX).strip().substring(0, 2), 16) & 1) == 1) {
            problems.add(MAC_PREFIX.key() + " is '" + settings.get(MAC_PREFIX) + "', a multicast prefix (first octet "
                    + "odd); interfaces need a unicast one such as 00:16:3e or 52:54:00");
        }
        ReadinessChoice readiness = readiness(settings);
        if (readiness.kind() == ReadinessChoice.Kind.CONSOLE && !settings.isSet(READINESS_MARKER)) {
            problems.add(READINESS.key() + " = console needs " + READINESS_MARKER.key() + ", the line your images "
                    + "print on their console once their services are up");
        }
        if (readiness.kind() != ReadinessChoice.Kind.CONSOLE && settings.isSet(READINESS_MARKER)) {
            problems.add(READINESS_MARKER.key() + " is set but " + READINESS.key() + " is " + readiness
                    + ", which does not read the console; remove the marker or set the probe to console");
        }
        if (settings.isSet(READINESS_TIMEOUT_MILLIS) && !readiness.network()) {
            problems.add(READINESS_TIMEOUT_MILLIS.key() + " is set but " + READINESS.key() + " is " + readiness
                    + "; the timeout is for the ping and tcp:PORT probes only");
        }
        if (serviceDns(settings).isEmpty()) {
            problems.add(SERVICE_DNS.key() + " names no DN; set it to the workspace service's host DN (the subject "
                    + "of its agora.server.host.cert, e.g. /DC=org/DC=example/CN=host/agora.example.org): the node "
                    + "admits no other caller");
        }
        if (settings.isSet(DOMAIN_TYPE) && domainType(settings) != DomainTypeChoice.AUTO && xen(settings)) {
            problems.add(DOMAIN_TYPE.key() + " is " + settings.get(DOMAIN_TYPE) + " but this node's guests are Xen's ("
                    + HYPERVISOR.key() + " = " + settings.get(HYPERVISOR) + ", " + LIBVIRT_URI.key() + " = "
                    + settings.get(LIBVIRT_URI) + "); kvm and qemu are for KVM/QEMU nodes: remove it or set auto");
        }
        if (networks(settings).isEmpty()) {
            problems.add(NETWORKS.key() + " names no network; list at least one libvirt network, such as default");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(settings.source(), problems);
        }
    }
}
