package org.agora.deploy.gram;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.agora.config.Settings;
import org.agora.gram.daemon.BridgeDaemon;
import org.agora.gram.daemon.BridgeSettings;
import org.agora.gram.guest.JobScript;
import org.agora.gram.workspace.AgoraWorkspaces;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grid user's job through Debian's real GRAM5 gatekeeper and job manager to the jobmanager-agora
 * LRM module and the bridge daemon: the job reaches the daemon as its user with the delegated proxy,
 * and its states come back to the user's GRAM client through the SEG log the daemon writes.
 */
class GramGatekeeperSystemTest {
    private static Path bridgeDir;
    private static BridgeDaemon daemon;
    private static GatekeeperLab lab;

    @BeforeAll
    static void start() throws Exception {
        bridgeDir = Files.createTempDirectory(Path.of("/tmp"), "agora-gram-bridge-");
        Files.setPosixFilePermissions(bridgeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path seg = Files.createDirectories(bridgeDir.resolve("seg"));
        Files.setPosixFilePermissions(seg, PosixFilePermissions.fromString("rwxr-xr-x"));
        lab = GatekeeperLab.start(bridgeDir.resolve("bridge.sock"), seg);
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Bridge CA", Duration.ofDays(1));
        Map<String, String> values = new HashMap<>();
        values.put(BridgeSettings.SERVICE_URL.key(), "https://127.0.0.1:" + FreePorts.next() + "/agora");
        values.put(BridgeSettings.SOCKET.key(), bridgeDir.resolve("bridge.sock").toString());
        values.put(BridgeSettings.STATE_DIR.key(), bridgeDir.resolve("state").toString());
        values.put(BridgeSettings.SEG_DIR.key(), seg.toString());
        values.put(BridgeSettings.IMAGE.key(), "tiny");
        values.put(BridgeSettings.POLL_INTERVAL.key(), "2s");
        // Nothing listens at the service URL: a job fails once this has passed without an answer.
        values.put(BridgeSettings.PLACE_TIMEOUT.key(), "3s");
        Settings settings = BridgeSettings.SCHEMA.fromMap("test", values);
        daemon = BridgeDaemon.start(settings, new AgoraWorkspaces(settings.get(BridgeSettings.SERVICE_URL),
                new TlsMaterial(ca.issueHost("localhost", Duration.ofDays(1)), TrustAnchors.of(ca.certificate()))),
                JobScript.forWorkspace(), Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aJobReachesTheBridgeAsItsMappedUserWithItsGramContactAndItsEndIsLogged() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        var run = lab.user("globus-job-run " + lab.contact() + " /bin/echo hello");
        var job = daemon.jobs().all().stream().filter(j -> j.submitted().isAfter(before)).findFirst()
                .orElseThrow(() -> new AssertionError(run.output() + "\n" + lab.logs()));
        assertEquals(GatekeeperLab.USER, job.owner());
        assertTrue(job.gridJobId().startsWith("https://"), job.gridJobId());
        String seg = Files.readString(bridgeDir.resolve("seg").resolve(LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE)));
        assertTrue(seg.contains(";" + job.id() + ";"), seg);
    }

    @Test
    void theClientFollowsTheJobsStatesFromTheSegLog() throws Exception {
        var run = lab.user("globusrun -r " + lab.contact() + " '&(executable=/bin/echo)(arguments=hello)'");
        assertTrue(run.output().contains("GRAM Job submission successful"), run.output());
        // The bridge's service does not answer (or this build's contract cannot carry the job): the
        // job fails, and the client learns it from the SEG log, the one way states reach it.
        assertTrue(run.output().contains("GLOBUS_GRAM_PROTOCOL_JOB_STATE_FAILED"), run.output());
    }
}
