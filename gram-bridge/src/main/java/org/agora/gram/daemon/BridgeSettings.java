package org.agora.gram.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.config.Setting;
import org.agora.config.SettingsSchema;

/** Every key of {@code /etc/agora/gram-bridge.properties}. */
public final class BridgeSettings {
    private BridgeSettings() {
    }

    public static final Setting<URI> SERVICE_URL = Setting.parsed("agora.gram.service.url", null,
            "an https URL with a host, e.g. https://agora.example.org:8443/agora",
            "Base URL of the Agora site's services the jobs run at, e.g. https://agora.example.org:8443/agora. "
                    + "The site must list this CE's host DN in agora.server.trusted.ce.", BridgeSettings::httpsUrl)
            .required();
    public static final Setting<Path> SOCKET = Setting.path("agora.gram.socket",
            Path.of("/run/agora-gram-bridge/bridge.sock"),
            "Unix socket the job managers' LRM module connects to (the same path as socket= in "
                    + "/etc/globus/globus-agora.conf). Made mode 0666: every mapped user's job manager connects; "
                    + "each sees only its own jobs (peer credentials).");
    public static final Setting<Path> STATE_DIR = Setting.path("agora.gram.state.dir", Path.of("/var/lib/agora-gram-bridge"),
            "Where jobs are kept across restarts (mode 0700): records, delegated proxies, results not yet collected.");
    public static final Setting<Path> SEG_DIR = Setting.path("agora.gram.seg.dir", Path.of("/var/lib/globus/globus-seg-agora"),
            "The scheduler event generator log the job managers (-seg-module agora) read: one file per local day.");
    public static final Setting<Path> HOST_CERT = Setting.path("agora.gram.host.cert",
            Path.of("/etc/grid-security/hostcert.pem"), "The CE's host certificate (PEM), presented over TLS to Agora.");
    public static final Setting<Path> HOST_KEY = Setting.path("agora.gram.host.key",
            Path.of("/etc/grid-security/hostkey.pem"),
            "The host certificate's private key (PEM, unencrypted, readable only by the bridge's user).");
    public static final Setting<Path> CERTIFICATES_DIR = Setting.path("agora.gram.certificates.dir",
            Path.of("/etc/grid-security/certificates"), "Grid CA directory (<hash>.0 files) the Agora site is checked against.");
    public static final Setting<String> IMAGE = Setting.text("agora.gram.image", null,
            "Image a job runs in when its RSL has no agora_image.").required();
    public static final Setting<String> KERNEL = Setting.text("agora.gram.kernel", null,
            "Kernel in the nodes' image repository every job's image boots with (direct kernel boot), for images "
                    + "that are not bootable disks; empty: the image boots by itself.");
    public static final Setting<String> INITRD = Setting.text("agora.gram.initrd", null,
            "Initrd beside agora.gram.kernel; empty: none.");
    public static final Setting<String> KERNEL_ARGS = Setting.text("agora.gram.kernel.args", null,
            "Kernel command line with agora.gram.kernel; it must keep the console on ttyS0, where results come back.");
    public static final Setting<Integer> DISK_MIB = Setting.integer("agora.gram.disk.mib", null, 1, 16_777_216,
            "Root disk size (MiB) of every job's workspace; empty: the image's own size.");
    public static final Setting<Integer> VCPUS = Setting.integer("agora.gram.vcpus", 1, 1, 1024,
            "vCPUs of a job that names neither agora_vcpus nor count.");
    public static final Setting<Integer> MEMORY_MIB = Setting.integer("agora.gram.memory.mib", 512, 16, 16_777_216,
            "Memory (MiB) of a job that names neither agora_memory nor max_memory.");
    public static final Setting<Duration> WALL_TIME = Setting.duration("agora.gram.wall.time", Duration.ofHours(1),
            Duration.ofMinutes(1), Duration.ofDays(365), "Wall time of a job without max_wall_time.");
    public static final Setting<Duration> MARGIN = Setting.duration("agora.gram.lifetime.margin",
            Duration.ofMinutes(10), Duration.ZERO, Duration.ofDays(1),
            "Added to a job's wall time for its workspace's lifetime: booting, and the result's way back.");
    public static final Setting<Integer> MAX_VCPUS = Setting.integer("agora.gram.max.vcpus", 8, 1, 1024,
            "Most vCPUs a job may ask for.");
    public static final Setting<Integer> MAX_MEMORY_MIB = Setting.integer("agora.gram.max.memory.mib", 16_384, 16,
            16_777_216, "Most memory (MiB) a job may ask for.");
    public static final Setting<Duration> MAX_WALL_TIME = Setting.duration("agora.gram.max.wall.time",
            Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(365), "Longest wall time a job may ask for.");
    public static final Setting<Duration> POLL_INTERVAL = Setting.duration("agora.gram.poll.interval",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(10),
            "How often each job's workspace is looked at (state and the end of its console): two small calls per "
                    + "running job per interval.");
    public static final Setting<Duration> PLACE_TIMEOUT = Setting.duration("agora.gram.place.timeout",
            Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(1),
            "How long a job waits for the Agora service to answer its workspace's creation before it fails "
                    + "(the service unreachable or not answering).");
    public static final Setting<Integer> MAX_JOBS = Setting.integer("agora.gram.jobs.max", 1000, 1, 100_000,
            "Most jobs the bridge holds at once (running, or finished and not yet collected); more are refused.");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("agora.gram.connections.max", 1100, 1,
            100_000, "Most socket connections at once: one per job manager and one per job waiting for its result.");
    public static final Setting<Duration> COLLECT_TIMEOUT = Setting.duration("agora.gram.collect.timeout",
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(30),
            "How long a finished job's result waits for its job manager before the end is logged without it.");
    public static final Setting<Duration> RETENTION = Setting.duration("agora.gram.retention", Duration.ofHours(1),
            Duration.ZERO, Duration.ofDays(30),
            "How long a finished job stays known (for status queries) once its end is logged.");

    public static final SettingsSchema SCHEMA = new SettingsSchema("agora-gram-bridge", List.of(SERVICE_URL, SOCKET,
            STATE_DIR, SEG_DIR, HOST_CERT, HOST_KEY, CERTIFICATES_DIR, IMAGE, KERNEL, INITRD, KERNEL_ARGS, DISK_MIB, VCPUS, MEMORY_MIB, WALL_TIME, MARGIN,
            MAX_VCPUS, MAX_MEMORY_MIB, MAX_WALL_TIME, POLL_INTERVAL, PLACE_TIMEOUT, MAX_JOBS, MAX_CONNECTIONS, COLLECT_TIMEOUT,
            RETENTION));

    private static URI httpsUrl(String text) {
        URI uri = URI.create(text.strip());
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an https URL with a host");
        }
        return uri;
    }
}
