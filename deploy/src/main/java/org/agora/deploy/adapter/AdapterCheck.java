package org.agora.deploy.adapter;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.DomainType;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.hypervisor.NodeFacts;
import org.agora.adapter.liveness.ReadinessChoice;
import org.agora.adapter.storage.FileStorage;
import org.agora.adapter.storage.NoCloudSeed;
import org.agora.config.Settings;
import org.agora.deploy.check.Finding;
import org.agora.deploy.check.Findings;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.HostCredentials;
import org.agora.security.trust.TrustAnchors;

/**
 * {@code agora-adapter --check-config}: says what the adapter would do with its configuration and
 * tries each thing it needs (credentials, libvirt, networks, storage) without starting it, so a
 * site admin finds every problem in one run, each named by its setting with what to do.
 */
public final class AdapterCheck {
    private final Settings settings;
    private final Findings findings = new Findings();

    public AdapterCheck(Settings settings) {
        this.settings = settings;
    }

    /** Runs every check; the findings say what passed and what did not. */
    public List<Finding> run() {
        crossChecks();
        credentials();
        NodeFacts facts = libvirt();
        storage();
        seeds();
        capacity(facts);
        readiness();
        callers();
        return findings.list();
    }

    /** Prints the findings; returns the process exit status (0: all usable, 2: something is not). */
    public static int report(List<Finding> findings, PrintStream out) {
        return Findings.report("agora-adapter", "the configuration is usable on this node", findings, out);
    }

    private void ok(String topic, String detail) {
        findings.ok(topic, detail);
    }

    private void fail(String topic, String detail) {
        findings.fail(topic, detail);
    }

    private void crossChecks() {
        try {
            AdapterSettings.validate(settings);
            ok("settings", "every key is valid (source: " + settings.source() + ")");
        } catch (org.agora.config.ConfigurationException e) {
            fail("settings", e.getMessage());
        }
    }

    private void credentials() {
        Path cert = settings.get(AdapterSettings.HOST_CERT);
        try {
            GridCredential host = HostCredentials.load(cert, settings.get(AdapterSettings.HOST_KEY));
            Duration left = Duration.between(Instant.now(), host.notAfter());
            if (left.isNegative()) {
                fail("credential", cert + " expired at " + host.notAfter() + "; renew the host certificate ("
                        + AdapterSettings.HOST_CERT.key() + ")");
            } else {
                ok("credential", "host identity " + host.identity().dn() + ", valid " + left.toDays() + " more days");
            }
        } catch (Exception e) {
            fail("credential", AdapterSettings.HOST_CERT.key() + "/" + AdapterSettings.HOST_KEY.key() + ": "
                    + e.getMessage());
        }
        Path cas = settings.get(AdapterSettings.CERTIFICATES_DIR);
        try {
            int n = TrustAnchors.fromDirectory(cas).certificates().size();
            ok("trust", n + " CA certificate(s) in " + cas);
        } catch (Exception e) {
            fail("trust", AdapterSettings.CERTIFICATES_DIR.key() + " = " + cas + ": " + e.getMessage());
        }
    }

    private NodeFacts libvirt() {
        String uri = settings.get(AdapterSettings.LIBVIRT_URI);
        String choice = AdapterSettings.DOMAIN_TYPE.key() + " = " + settings.get(AdapterSettings.DOMAIN_TYPE)
                + (settings.isSet(AdapterSettings.DOMAIN_TYPE) ? "" : " (default)");
        try (LibvirtHypervisor libvirt = LibvirtHypervisor.connect(uri, AdapterSettings.xen(settings),
                AdapterSettings.domainType(settings))) {
            NodeFacts facts = libvirt.facts();
            ok("libvirt", uri + ": " + facts.hypervisorType() + " on " + facts.hostName() + " (" + facts.arch()
                    + ", " + facts.vcpus() + " CPUs, " + facts.memoryMiB() + " MiB), libvirt "
                    + libvirt.libvirtVersion() + ", " + libvirt.agoraDomains().size() + " Agora domain(s) to adopt");
            DomainType type = libvirt.domainType();
            ok("domain type", choice + ": guests run as type " + type.name() + ", because " + type.reason());
            for (String network : AdapterSettings.networks(settings)) {
                if (org.agora.adapter.hypervisor.DomainDefinition.NetworkInterface.USER_MODE.equals(network)) {
                    ok("network", "'" + network + "': QEMU user-mode networking (outbound only, no bridge needed)");
                    continue;
                }
                Optional<Boolean> active = libvirt.networkActive(network);
                if (active.isEmpty()) {
                    fail("network", "'" + network + "' (" + AdapterSettings.NETWORKS.key() + ") is not defined in "
                            + "libvirt; define it (virsh net-define) or remove it from the list");
                } else if (!active.get()) {
                    fail("network", "'" + network + "' is defined but not active; run virsh net-start " + network
                            + " and virsh net-autostart " + network);
                } else {
                    ok("network", "'" + network + "' is active" + (settings.isSet(AdapterSettings.MAC_PREFIX)
                            ? "; MACs assigned under " + settings.get(AdapterSettings.MAC_PREFIX) : ""));
                }
            }
            return facts;
        } catch (DomainType.Unavailable e) {
            fail("domain type", choice + ": " + e.getMessage());
            return null;
        } catch (Exception e) {
            fail("libvirt", AdapterSettings.LIBVIRT_URI.key() + " = " + uri + ": " + e.getMessage());
            return null;
        }
    }

    private void storage() {
        String backend = settings.get(AdapterSettings.STORAGE_BACKEND);
        try {
            FileStorage storage = SiteAdapter.storage(settings);
            Path dir = storage.directory();
            if (!Files.isWritable(dir)) {
                fail("storage", dir + " is not writable by this user; give it to the adapter's user");
                return;
            }
            long freeMiB = Files.getFileStore(dir).getUsableSpace() / (1024 * 1024);
            ok("storage", backend + " back-end in " + dir + ", " + freeMiB + " MiB free, "
                    + storage.leftovers().size() + " workspace(s) with storage here");
        } catch (Exception e) {
            fail("storage", e.getMessage());
        }
    }

    private void seeds() {
        if (NoCloudSeed.toolInstalled()) {
            ok("seeds", NoCloudSeed.TOOL + " writes the NoCloud seed (cidata) of workspaces created with user-data");
        } else {
            fail("seeds", NoCloudSeed.TOOL + " is not installed, so no workspace created with user-data can be "
                    + "deployed here; install Debian package " + NoCloudSeed.TOOL);
        }
    }

    private void capacity(NodeFacts facts) {
        int vcpus = settings.get(AdapterSettings.CAPACITY_VCPUS);
        int memory = settings.get(AdapterSettings.CAPACITY_MEMORY);
        if (facts == null && (vcpus == 0 || memory == 0)) {
            fail("capacity", "libvirt is unusable, so the CPUs and memory to offer cannot be counted");
            return;
        }
        long baseCpus = vcpus > 0 ? vcpus : facts.vcpus();
        long baseMemory = memory > 0 ? memory : facts.memoryMiB();
        int cpuRatio = settings.get(AdapterSettings.CAPACITY_CPU_RATIO);
        int memoryRatio = settings.get(AdapterSettings.CAPACITY_MEMORY_RATIO);
        ok("capacity", "offers " + baseCpus * cpuRatio / 100 + " vCPUs (" + baseCpus + " × " + cpuRatio + "%) and "
                + baseMemory * memoryRatio / 100 + " MiB (" + baseMemory + " × " + memoryRatio + "%)");
    }

    private void readiness() {
        ReadinessChoice choice = AdapterSettings.readiness(settings);
        String setting = AdapterSettings.READINESS.key() + " = " + choice
                + (settings.isSet(AdapterSettings.READINESS) ? "" : " (default)");
        String how = switch (choice.kind()) {
            case RUNNING -> "a workspace is Ready as soon as its domain runs";
            case CONSOLE -> "a workspace is Ready once '" + settings.get(AdapterSettings.READINESS_MARKER)
                    + "' appears on its serial console";
            case PING -> "a workspace is Ready once its address answers a ping (ICMP as root or with CAP_NET_RAW, "
                    + "else TCP echo port 7), within " + settings.get(AdapterSettings.READINESS_TIMEOUT_MILLIS) + " ms";
            case TCP -> "a workspace is Ready once its address accepts a TCP connection on port " + choice.port()
                    + ", within " + settings.get(AdapterSettings.READINESS_TIMEOUT_MILLIS) + " ms";
        };
        List<String> networks = AdapterSettings.networks(settings);
        boolean userMode = networks.contains(org.agora.adapter.hypervisor.DomainDefinition.NetworkInterface.USER_MODE);
        if (choice.network() && userMode && networks.size() == 1) {
            fail("readiness", setting + ": workspaces here join only usermode networking, which this node cannot "
                    + "reach, so none would ever be Ready; use console with " + AdapterSettings.READINESS_MARKER.key()
                    + ", or running");
            return;
        }
        ok("readiness", setting + ": " + how + (choice.network() ? "; address: the Ip its request gave, else one "
                + "libvirt saw it use" + (userMode ? " (never Ready on usermode, which this node cannot reach)" : "")
                : ""));
    }

    private void callers() {
        List<String> dns = AdapterSettings.serviceDns(settings);
        // None named is already a failed "settings" line.
        if (!dns.isEmpty()) {
            ok("callers", "only " + dns + " (" + AdapterSettings.SERVICE_DNS.key() + "), never through a proxy");
        }
        ok("listen", "https://" + settings.get(AdapterSettings.LISTEN_HOST) + ":" + settings.get(AdapterSettings.PORT)
                + AdapterProcess.PATH);
    }
}
