package org.agora.deploy.gram;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.DomainXml;
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
import org.agora.gram.seg.GramState;
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
            String state = state(contact);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            return state.equals("DONE") || state.equals("FAILED");
        });
        assertEquals(List.of("PENDING", "ACTIVE", "DONE"), seen, lab.logs());
        // The workspace was the grid user's, relayed by the CE, and names the GRAM job for accounting
        // (its usage record's GlobalJobId is written from this field).
        var row = site.server().workspaces().find(job(contact).workspace().id()).orElseThrow();
        assertEquals(lab.userDn(), row.owner());
        assertEquals(lab.host().identity().dn(), row.relayedBy());
        assertEquals(contact, row.gridJobId());
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
        // A job manager forgets a failed batch job at once: the client that follows the job to its
        // end (globusrun -r, verbose) is the one that sees FAILED.
        java.time.Instant before = java.time.Instant.now();
        Process client = new ProcessBuilder("su", "-", GatekeeperLab.USER, "-c", "export X509_CERT_DIR="
                + lab.directory().resolve("certificates") + "; rm -f killed.err; globusrun -r " + lab.contact()
                + " '&(executable=/bin/sleep)(arguments=600)(stderr=$(HOME)/killed.err)'")
                .redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> daemon.jobs().all()
                    .stream().anyMatch(j -> j.submitted().isAfter(before) && j.state() == GramState.ACTIVE));
            BridgeJob job = daemon.jobs().all().stream().filter(j -> j.submitted().isAfter(before)).findFirst()
                    .orElseThrow();
            Process virsh = new ProcessBuilder("virsh", "-c", LIBVIRT, "destroy",
                    DomainXml.domainName(job.workspace().id())).redirectErrorStream(true).start();
            String said = new String(virsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, virsh.waitFor(), said);
            assertTrue(client.waitFor(2, TimeUnit.MINUTES), "globusrun still waiting for the job's end");
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(output.contains("GLOBUS_GRAM_PROTOCOL_JOB_STATE_FAILED"), output + "\n" + lab.logs());
        } finally {
            client.destroy();
        }
        // The cause reaches the user in the job's stderr: the workspace ended, and why.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> lab.user("cat killed.err").output().contains("agora: the job failed"));
        String stderr = lab.user("cat killed.err").output();
        assertTrue(stderr.contains("agora: the job failed: the workspace ended: ") && stderr.contains("domain"), stderr);
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
                .until(() -> state(contact).equals("ACTIVE"));
        return job(contact).workspace().id();
    }

    /** The state globusrun -status prints first (a failed job's error follows on the next line). */
    private static String state(String contact) throws Exception {
        return lab.user("globusrun -status " + contact).output().strip().lines().findFirst().orElse("");
    }

    private static BridgeJob job(String contact) {
        return daemon.jobs().all().stream().filter(j -> contact.equals(j.gridJobId())).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + contact + " in the bridge"));
    }
}
