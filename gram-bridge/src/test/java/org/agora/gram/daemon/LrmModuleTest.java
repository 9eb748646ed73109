package org.agora.gram.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.config.Settings;
import org.agora.gram.guest.JobResult;
import org.agora.gram.guest.JobScript;
import org.agora.gram.seg.GramState;
import org.agora.gram.workspace.AgoraWorkspaces;
import org.agora.gram.workspace.WorkspaceOrder;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LRM module {@code Globus::GRAM::JobManager::agora} run by GRAM5's own job manager script
 * ({@code globus-job-manager-script.pl}, as the job manager runs it) against the bridge daemon on a
 * real Unix socket. The daemon's tracker leaves the jobs alone (its first round is minutes away), so
 * they stay PENDING unless the test stores a finished one.
 */
class LrmModuleTest {
    private static final Path SCRIPT = Path.of("/usr/share/globus/globus-job-manager-script.pl");
    private static final String OTHER_USER = "agoragram2";
    private static final Path MODULE_DIR = Path.of("src/main/globus/perl").toAbsolutePath();

    @TempDir
    Path dir;
    private Path proxy;
    private GridCredential host;
    private TrustAnchors anchors;
    private BridgeDaemon daemon;
    private final List<Path> jobDirs = new ArrayList<>();

    @BeforeEach
    void credentials() throws Exception {
        RealPeer.require("GRAM5's job manager script", Files.exists(SCRIPT),
                "Debian package globus-gram-job-manager-scripts (.ci/run installs it)");
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        anchors = TrustAnchors.of(ca.certificate());
        host = ca.issueHost("localhost", Duration.ofDays(1));
        GridCredential user = ca.issueUser("Grid User", Duration.ofDays(1));
        proxy = dir.resolve("x509_user_proxy");
        ProxyFactory.createProxy(user, Duration.ofHours(12), ProxyType.RFC3820_LIMITED, 2048).writeProxyFile(proxy);
    }

    @AfterEach
    void stop() throws IOException {
        // The collectors the module started, by the pids they wrote.
        for (Path jobDir : jobDirs) {
            Path pid = jobDir.resolve("agora-collector.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
            }
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void submitHandsTheJobAndProxyToTheDaemonAndAnswersPending() throws Exception {
        start();
        Map<String, String> answer = run("submit", description("/bin/echo", null, "hello"));
        assertEquals("1", answer.get("JOB_STATE"), answer.toString());
        String id = answer.get("JOB_ID");
        BridgeJob job = daemon.jobs().get(id, System.getProperty("user.name"));
        assertEquals("https://ce.example.org:2119/16217/1765000000/", job.gridJobId());
        Path stored = dir.resolve("state/jobs").resolve(id).resolve("proxy.pem");
        assertEquals(Files.readString(proxy), Files.readString(stored));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        assertEquals("1", run("poll", description("/bin/echo", id, "hello")).get("JOB_STATE"));
    }

    @Test
    void aDaemonRestartKeepsASubmittedJobAndItsProxy() throws Exception {
        start();
        String id = run("submit", description("/bin/echo", null, "hello")).get("JOB_ID");
        daemon.close();
        daemon = null;
        start();
        BridgeJob job = daemon.jobs().get(id, System.getProperty("user.name"));
        assertEquals(GramState.PENDING, job.state());
        assertEquals("tiny", job.order().image());
        assertTrue(Files.exists(dir.resolve("state/jobs").resolve(id).resolve("proxy.pem")));
        // The module's kept connection died with the first daemon: it reconnects by itself.
        assertEquals("1", run("poll", description("/bin/echo", id, "hello")).get("JOB_STATE"));
    }

    @Test
    void cancelEndsTheJobAndLogsItFailedForTheSeg() throws Exception {
        start();
        String id = run("submit", description("/bin/sleep", null, "60")).get("JOB_ID");
        assertEquals("4", run("cancel", description("/bin/sleep", id, "60")).get("JOB_STATE"));
        assertTrue(segLines().contains(";" + id + ";4;8"), segLines());
    }

    @Test
    void aResultKeptAcrossADaemonRestartIsWrittenIntoTheUsersFilesBeforeDoneIsLogged() throws Exception {
        String id = "0f6c2b1e-0000-4000-8000-000000000001";
        JobStore store = new JobStore(dir.resolve("state"));
        store.create(id);
        store.writeProxy(id, Files.readAllBytes(proxy));
        BridgeJob job = new BridgeJob(id, System.getProperty("user.name"), "https://ce.example.org:2119/1/2/",
                Instant.now(), new WorkspaceOrder(id, "tiny", 1, 64, Duration.ofMinutes(15), BigDecimal.ONE,
                "https://ce.example.org:2119/1/2/", null));
        byte[] binary = {0, 1, 2, (byte) 0xff, '\n'};
        store.writeResult(id, new JobResult(3, "out\n".getBytes(StandardCharsets.UTF_8), binary));
        job.finish(GramState.DONE, 3, null, true, Instant.now());
        store.save(job);
        start();
        assertEquals("", segLines(), "nothing is logged before the result is in the user's files");

        assertEquals("8", run("poll", description("/bin/echo", id, "x")).get("JOB_STATE"));
        assertEquals("out\n", Files.readString(dir.resolve("job.out")));
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 2, (byte) 0xff, (byte) '\n'), bytes(dir.resolve("job.err")));
        assertTrue(segLines().contains(";" + id + ";8;3"), segLines());
        assertTrue(Files.notExists(dir.resolve("state/jobs").resolve(id).resolve("proxy.pem")),
                "the proxy is forgotten once the job has ended");
    }

    @Test
    void anotherLocalUserCannotSeeOrCancelTheJob() throws Exception {
        RealPeer.require("root (to connect as another local user)", "root".equals(System.getProperty("user.name")),
                "run the tests as root, as .ci/run does");
        if (new ProcessBuilder("id", OTHER_USER).start().waitFor() != 0) {
            assertEquals(0, new ProcessBuilder("useradd", "-M", "-s", "/bin/sh", OTHER_USER).start().waitFor());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        start();
        String id = run("submit", description("/bin/sleep", null, "60")).get("JOB_ID");
        String client = "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die;"
                + " print $s \"AGORA-GRAM/1\\nCANCEL $ARGV[1]\\nEND\\n\"; <$s>; print scalar(<$s>);";
        Process p = new ProcessBuilder("su", "-s", "/bin/sh", OTHER_USER, "-c",
                "perl -e '" + client + "' " + dir.resolve("bridge.sock") + " " + id).redirectErrorStream(true).start();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(answer.startsWith("ERR unknown-job "), answer);
        assertEquals(GramState.PENDING, daemon.jobs().get(id, System.getProperty("user.name")).state());
    }

    @Test
    void aJobTheSiteCannotRunIsRefusedAtSubmitWithTheReason() throws Exception {
        start();
        String description = description("/bin/echo", null, "x").replace("'agoravcpus' => ['1']", "'agoravcpus' => ['64']");
        List<String> lines = runLines("submit", description);
        assertTrue(lines.contains("GRAM_SCRIPT_ERROR:17"), lines.toString());
        assertTrue(String.join("\n", lines).contains("agora_vcpus"), lines.toString());
    }

    /** A daemon whose tracker makes its first round in ten minutes: jobs stay as submitted or stored. */
    private void start() throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put(BridgeSettings.SERVICE_URL.key(), "https://127.0.0.1:" + FreePorts.next() + "/agora");
        values.put(BridgeSettings.SOCKET.key(), dir.resolve("bridge.sock").toString());
        values.put(BridgeSettings.STATE_DIR.key(), dir.resolve("state").toString());
        values.put(BridgeSettings.SEG_DIR.key(), Files.createDirectories(dir.resolve("seg")).toString());
        values.put(BridgeSettings.IMAGE.key(), "tiny");
        values.put(BridgeSettings.POLL_INTERVAL.key(), "10m");
        values.put(BridgeSettings.RETENTION.key(), "1h");
        Settings settings = BridgeSettings.SCHEMA.fromMap("test", values);
        daemon = BridgeDaemon.start(settings, new AgoraWorkspaces(settings.get(BridgeSettings.SERVICE_URL),
                new TlsMaterial(host, anchors)), JobScript.forWorkspace(), Clock.systemDefaultZone());
    }

    private String description(String executable, String jobId, String argument) throws IOException {
        Path jobDir = dir.resolve("jobdir-" + jobDirs.size());
        jobDirs.add(jobDir);
        return "$description = {\n"
                + "  'executable' => ['" + executable + "'], 'arguments' => ['" + argument + "'],\n"
                + "  'directory' => ['" + dir + "'], 'stdin' => ['/dev/null'],\n"
                + "  'stdout' => ['" + dir.resolve("job.out") + "'], 'stderr' => ['" + dir.resolve("job.err") + "'],\n"
                + "  'environment' => [['X509_USER_PROXY', '" + proxy + "'],\n"
                + "      ['GLOBUS_GRAM_JOB_CONTACT', 'https://ce.example.org:2119/16217/1765000000/'],\n"
                + "      ['AGORA_GRAM_BRIDGE_SOCKET', '" + dir.resolve("bridge.sock") + "']],\n"
                + "  'jobdir' => ['" + jobDir + "'], 'uniqid' => ['16217.1765000000'], 'count' => ['1'],\n"
                + "  'jobtype' => ['single'], 'maxwalltime' => ['5'], 'agoraimage' => ['tiny'], 'agoravcpus' => ['1'],\n"
                + (jobId == null ? "" : "  'jobid' => ['" + jobId + "'],\n")
                + "};\n";
    }

    /** The script's GRAM_SCRIPT_ answer lines as a map. */
    private Map<String, String> run(String command, String description) throws Exception {
        Map<String, String> answer = new HashMap<>();
        for (String line : runLines(command, description)) {
            if (line.startsWith("GRAM_SCRIPT_") && line.contains(":")) {
                answer.put(line.substring(12, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
            }
        }
        return answer;
    }

    private List<String> runLines(String command, String description) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "description", ".pl"), description);
        ProcessBuilder pb = new ProcessBuilder("perl", "-I" + MODULE_DIR, SCRIPT.toString(), "-m", "agora", "-f",
                file.toString(), "-c", command).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return List.of(out.split("\n"));
    }

    private String segLines() throws IOException {
        return Files.readString(dir.resolve("seg").resolve(LocalDate.now().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)));
    }

    private static List<Byte> bytes(Path file) throws IOException {
        List<Byte> list = new ArrayList<>();
        for (byte b : Files.readAllBytes(file)) {
            list.add(b);
        }
        return list;
    }
}
