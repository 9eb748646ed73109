package org.agora.deploy.gram;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.config.Settings;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.AdapterProcesses;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.deploy.demo.TinyGuest;
import org.agora.gram.daemon.BridgeDaemon;
import org.agora.gram.daemon.BridgeJob;
import org.agora.gram.daemon.BridgeSettings;
import org.agora.gram.guest.JobScript;
import org.agora.gram.workspace.AgoraWorkspaces;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GRAM jobs end to end, as a grid user runs them: Debian's real globus-gatekeeper and job manager
 * with the jobmanager-agora module, the bridge daemon, and an agora-server trusting the CE's host
 * DN with a site adapter on qemu:///system, whose jobs boot the tiny guest (kernel and busybox
 * initramfs, software emulation) and run the job script it is given as user-data. One site, one
 * gatekeeper and one bridge serve every test; each test boots its own guest.
 */
class GramJobsRealBootSystemTest {
    private static final String LIBVIRT = "qemu:///system";
    private static Path top;
    private static Path storage;
    private static AllInOne site;
    private static GatekeeperLab lab;
    private static BridgeDaemon daemon;
    private static LibvirtHypervisor libvirt;

    @BeforeAll
    static void start() throws Exception {
        java.util.Optional<String> missing = TinyGuest.missing();
        RealPeer.require("a tiny guest's kernel and busybox", missing.isEmpty(), () -> missing.orElse(""));
        RealPeer.require("xorriso", RealPeer.commandInstalled("xorriso"), "Debian package xorriso");
        RealPeer.require("virsh", RealPeer.commandInstalled("virsh"), "Debian package libvirt-clients");
        top = Files.createTempDirectory(Path.of("/tmp"), "agora-gram-e2e-");
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-xr-x"));
        TinyGuest.letQemuIn(top, top);
        Path siteDir = top.resolve("site");
        DemoCredentials credentials = DemoCredentials.ensure(siteDir);
        CertificateAuthority ca = CertificateAuthority.load(siteDir.resolve("ca/cacert.pem"),
                siteDir.resolve("ca/cakey.pem"));

        Path bridgeDir = Files.createDirectories(top.resolve("bridge"));
        Path seg = Files.createDirectories(bridgeDir.resolve("seg"));
        lab = GatekeeperLab.start(ca, bridgeDir.resolve("bridge.sock"), seg);

        Path gridmap = Files.writeString(top.resolve("grid-mapfile"), "\"" + lab.userDn() + "\" gramuser\n");
        site = AllInOne.start(new AllInOne.Options(siteDir, FreePorts.next(), FreePorts.next(), LIBVIRT, null,
                TestDatabases.freshName("agora_gram"))
                .withServerSetting("agora.server.trusted.ce", lab.host().identity().dn())
                .withServerSetting("agora.access.gridmap", gridmap.toString())
                .withAdapterSetting("agora.adapter.networks", DomainDefinition.NetworkInterface.USER_MODE)
                .withAdapterSetting(AdapterSettings.DOMAIN_TYPE.key(), "qemu"));
        storage = siteDir.resolve("adapter/storage");
        Path images = Files.createDirectories(storage.resolve("images"));
        Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
        TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
        TinyGuest.letQemuIn(images, top);
        libvirt = LibvirtHypervisor.connect(LIBVIRT);

        Map<String, String> values = new HashMap<>();
        values.put(BridgeSettings.SERVICE_URL.key(), site.server().baseUrl());
        values.put(BridgeSettings.SOCKET.key(), bridgeDir.resolve("bridge.sock").toString());
        values.put(BridgeSettings.STATE_DIR.key(), bridgeDir.resolve("state").toString());
        values.put(BridgeSettings.SEG_DIR.key(), seg.toString());
        values.put(BridgeSettings.IMAGE.key(), "tiny");
        values.put(BridgeSettings.KERNEL.key(), "tiny-kernel");
        values.put(BridgeSettings.INITRD.key(), "tiny-initrd");
        values.put(BridgeSettings.KERNEL_ARGS.key(), "console=ttyS0 quiet panic=-1");
        values.put(BridgeSettings.DISK_MIB.key(), "16");
        values.put(BridgeSettings.MEMORY_MIB.key(), "128");
        values.put(BridgeSettings.POLL_INTERVAL.key(), "1s");
        Settings settings = BridgeSettings.SCHEMA.fromMap("test", values);
        daemon = BridgeDaemon.start(settings, new AgoraWorkspaces(settings.get(BridgeSettings.SERVICE_URL),
                new TlsMaterial(lab.host(), TrustAnchors.fromDirectory(credentials.certificatesDir())),
                BridgeDaemon.boot(settings)), JobScript.forWorkspace(), Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (site != null) {
            site.close();
        }
        if (libvirt != null) {
            libvirt.close();
        }
    }

    @Test
    void globusJobRunPrintsWhatTheJobPrintedInItsGuest() throws Exception {
        var run = lab.user("globus-job-run " + lab.contact() + " /bin/echo hello");
        assertEquals("hello", run.output().strip(), run.output() + "\n" + lab.logs());
    }

    @Test
    void aBatchJobIsSeenPendingThenActiveThenDone() throws Exception {
        String contact = submit("'&(executable=/bin/sh)(arguments=-c \"sleep 8\")'");
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String state = lab.user("globusrun -status " + contact).output().strip();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            return state.equals("DONE") || state.equals("FAILED");
        });
        assertEquals(List.of("PENDING", "ACTIVE", "DONE"), seen, lab.logs());
    }

    @Test
    void aJobsExitCodeReachesTheClient() throws Exception {
        var run = lab.user("globusrun -r " + lab.contact() + " '&(executable=/bin/sh)(arguments=-c \"exit 3\")'");
        assertTrue(run.output().contains("exit code: 3") || run.output().contains("exit code 3"),
                run.output() + "\n" + lab.logs());
    }

    @Test
    void stdoutAndStderrComeBackIntoTheirOwnFiles() throws Exception {
        var run = lab.user("rm -f out.txt err.txt; globusrun -r " + lab.contact()
                + " '&(executable=/bin/sh)(arguments=-c \"echo to-out; echo to-err >&2\")"
                + "(stdout=$(HOME)/out.txt)(stderr=$(HOME)/err.txt)' >/dev/null && cat out.txt && echo --- && cat err.txt");
        assertEquals("to-out\n---\nto-err", run.output().strip(), run.output() + "\n" + lab.logs());
    }

    @Test
    void cancelledJobLeavesNoDomainAndNoVolumeOnTheNode() throws Exception {
        String contact = submit("'&(executable=/bin/sleep)(arguments=600)'");
        String workspace = activeWorkspace(contact);
        var cancel = lab.user("globusrun -k " + contact);
        assertEquals(0, cancel.status(), cancel.output());
        await().atMost(Duration.ofSeconds(60)).until(() -> libvirt.status(workspace).state() == DomainState.ABSENT
                && !Files.exists(storage.resolve("workspaces").resolve(workspace)));
        assertTrue(AdapterProcesses.entries(storage.resolve("workspaces")).stream().noneMatch(e -> e.contains(workspace)),
                "nothing of the workspace left on the node");
    }

    @Test
    void aGuestDestroyedBehindAgorasBackFailsTheJobWithTheCause() throws Exception {
        String contact = submit("'&(executable=/bin/sleep)(arguments=600)(stderr=$(HOME)/killed.err)'");
        String workspace = activeWorkspace(contact);
        Process virsh = new ProcessBuilder("virsh", "-c", LIBVIRT, "destroy", org.agora.adapter.hypervisor.DomainXml.domainName(workspace)).redirectErrorStream(true).start();
        String said = new String(virsh.getInputStream().readAllBytes());
        assertEquals(0, virsh.waitFor(), said);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lab.user("globusrun -status " + contact).output().strip().equals("FAILED"));
        BridgeJob job = job(contact);
        assertTrue(job.reason() != null && !job.reason().isBlank(), "the bridge knows why");
        await().atMost(Duration.ofSeconds(30)).until(() -> lab.user("cat killed.err").output().contains("agora: the job failed: "));
        assertFalse(lab.user("cat killed.err").output().strip().endsWith("failed:"), "a cause is named");
    }

    /** Submits {@code rsl} with globusrun -b and returns the job contact it prints. */
    private static String submit(String rsl) throws Exception {
        var run = lab.user("globusrun -q -b -r " + lab.contact() + " " + rsl);
        return run.output().lines().filter(l -> l.startsWith("https://")).findFirst()
                .orElseThrow(() -> new AssertionError(run.output() + "\n" + lab.logs())).strip();
    }

    /** Waits until the job at {@code contact} runs in its guest; returns its workspace's id. */
    private static String activeWorkspace(String contact) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> lab.user("globusrun -status " + contact).output().strip().equals("ACTIVE"));
        return job(contact).workspace().id();
    }

    private static BridgeJob job(String contact) {
        return daemon.jobs().all().stream().filter(j -> contact.equals(j.gridJobId())).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + contact + " in the bridge"));
    }
}
