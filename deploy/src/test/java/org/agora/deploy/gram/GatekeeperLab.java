package org.agora.deploy.gram;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.testing.FreePorts;
import org.agora.testing.RealPeer;

/**
 * A real GRAM5 compute element on loopback for one test class: Debian's globus-gatekeeper on a free
 * port, in a scratch directory of its own (CA and host certificate, grid-mapfile, job manager
 * configuration, the jobmanager-agora service entry), a local test user mapped from a grid DN with
 * a real {@code grid-proxy-init} proxy, and the LRM module taken from the source tree. Needs root
 * (it adds the user and the gatekeeper changes to it) and the GRAM5 packages .ci/run installs.
 */
public final class GatekeeperLab implements AutoCloseable {
    /** The local account jobs run as. */
    public static final String USER = "agoragram";
    private static final Path MODULE_DIR = Path.of("../gram-bridge/src/main/globus/perl").toAbsolutePath().normalize();

    private final Path dir;
    private final int port;
    private final Process gatekeeper;
    private final String userDn;
    private final GridCredential host;

    private GatekeeperLab(Path dir, int port, Process gatekeeper, String userDn, GridCredential host) {
        this.dir = dir;
        this.port = port;
        this.gatekeeper = gatekeeper;
        this.userDn = userDn;
        this.host = host;
    }

    /** Checks the real peers are there (skips, or fails under CI=true), then builds and starts the CE. */
    public static GatekeeperLab start(Path bridgeSocket, Path segDir) throws Exception {
        return start(null, bridgeSocket, segDir);
    }

    /** As {@link #start(Path, Path)}, with certificates from {@code ca} (null: a CA of its own), e.g. an Agora site's. */
    public static GatekeeperLab start(CertificateAuthority siteCa, Path bridgeSocket, Path segDir) throws Exception {
        for (String tool : List.of("globus-gatekeeper", "globus-job-manager", "globusrun", "globus-job-run",
                "grid-proxy-init")) {
            RealPeer.require(tool, RealPeer.commandInstalled(tool),
                    "Debian's GRAM5 packages (globus-gatekeeper, globus-gram-job-manager, globus-gram-client-tools, "
                            + "globus-proxy-utils; .ci/run installs them)");
        }
        RealPeer.require("root (to add the local test user the gatekeeper maps to)",
                "root".equals(System.getProperty("user.name")), "run the tests as root, as .ci/run does");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "agora-gram-lab-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        addUser();
        Path home = Path.of(run(List.of("sh", "-c", "getent passwd " + USER + " | cut -d: -f6")).strip());

        CertificateAuthority ca = siteCa != null ? siteCa
                : CertificateAuthority.create("/DC=org/DC=agora-test/CN=Agora GRAM Test CA", Duration.ofDays(2));
        Path certificates = dir.resolve("certificates");
        ca.installInto(certificates);
        GridCredential host = ca.issueHost("localhost", Duration.ofDays(2));
        host.writeCertificateAndKey(dir.resolve("host/hostcert.pem"), dir.resolve("host/hostkey.pem"));
        Files.setPosixFilePermissions(dir.resolve("host/hostkey.pem"), PosixFilePermissions.fromString("r--------"));
        GridCredential user = ca.issueUser("Grid User", Duration.ofDays(2));
        Path globus = home.resolve(".globus");
        Files.createDirectories(globus);
        user.writeCertificateAndKey(globus.resolve("usercert.pem"), globus.resolve("userkey.pem"));
        Files.setPosixFilePermissions(globus.resolve("userkey.pem"), PosixFilePermissions.fromString("r--------"));
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        for (Path p : List.of(globus, globus.resolve("usercert.pem"), globus.resolve("userkey.pem"))) {
            Files.setOwner(p, owner);
        }
        String dn = run(List.of("openssl", "x509", "-noout", "-subject", "-nameopt", "compat", "-in",
                globus.resolve("usercert.pem").toString())).strip().replaceFirst("^subject=\\s*", "");
        Files.writeString(dir.resolve("grid-mapfile"), "\"" + dn + "\" " + USER + "\n");

        for (String shared : List.of("state", "log")) {
            Files.createDirectories(dir.resolve(shared));
            Files.setPosixFilePermissions(dir.resolve(shared), PosixFilePermissions.fromString("rwxrwxrwx"));
            run(List.of("chmod", "1777", dir.resolve(shared).toString()));
        }
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/globus-gram-job-manager.conf"), String.join("\n",
                "-globus-toolkit-version 6.2",
                "-x509-cert-dir " + certificates,
                "-state-file-dir " + dir.resolve("state"),
                "-log-pattern " + dir.resolve("log") + "/gram_$(LOGNAME).log",
                "-log-levels FATAL|ERROR|WARN|INFO",
                "-globus-gatekeeper-host localhost", ""));
        Files.createDirectories(dir.resolve("grid-services"));
        // The job manager runs the module from the source tree and reaches this bridge and SEG log.
        Files.writeString(dir.resolve("grid-services/jobmanager-agora"), "stderr_log,local_cred - /usr/bin/env env"
                + " PERL5LIB=" + MODULE_DIR + " AGORA_GRAM_BRIDGE_SOCKET=" + bridgeSocket
                + " JOB_MANAGER_SEG_LOG_PATH=" + segDir
                + " /usr/sbin/globus-job-manager -conf " + dir.resolve("etc/globus-gram-job-manager.conf")
                + " -extra-envvars AGORA_GRAM_BRIDGE_SOCKET -type agora -seg-module agora -service-tag agora\n");

        runAs("X509_CERT_DIR=" + certificates + " grid-proxy-init -hours 12 -q </dev/null");

        int port = FreePorts.next();
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/globus-gatekeeper", "-f", "-p", Integer.toString(port),
                "-l", dir.resolve("log/gatekeeper.log").toString(), "-grid_services", dir.resolve("grid-services").toString(),
                "-gridmap", dir.resolve("grid-mapfile").toString(), "-x509_cert_dir", certificates.toString(),
                "-x509_user_cert", dir.resolve("host/hostcert.pem").toString(),
                "-x509_user_key", dir.resolve("host/hostkey.pem").toString());
        // Its environment leaks into every job: the bare minimum.
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("X509_CERT_DIR", certificates.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("log/gatekeeper.out").toFile());
        Process gatekeeper = pb.start();
        GatekeeperLab lab = new GatekeeperLab(dir, port, gatekeeper, dn, host);
        await().atMost(Duration.ofSeconds(30)).until(lab::listening);
        return lab;
    }

    /** The contact of the agora service, as a user types it. */
    public String contact() {
        return "localhost:" + port + "/jobmanager-agora";
    }

    /** The CE's host credential: the gatekeeper's, and the bridge's towards Agora. */
    public GridCredential host() {
        return host;
    }

    public String userDn() {
        return userDn;
    }

    public Path directory() {
        return dir;
    }

    /** Runs {@code command} (sh) as the test user with the lab's CAs; returns exit status and output. */
    public static Result runAs(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("su", "-", USER, "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("still running after 5 minutes: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    /** As {@link #runAs}, with X509_CERT_DIR set to the lab's CAs. */
    public Result user(String command) throws IOException, InterruptedException {
        return runAs("export X509_CERT_DIR=" + dir.resolve("certificates") + "; " + command);
    }

    public record Result(int status, String output) {
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void addUser() throws IOException, InterruptedException {
        if (new ProcessBuilder("id", USER).start().waitFor() != 0) {
            run(List.of("useradd", "-m", "-s", "/bin/sh", USER));
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** The gatekeeper's log and the job managers', for a failing test's message. */
    public String logs() {
        List<String> parts = new ArrayList<>();
        try (var files = Files.list(dir.resolve("log"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                parts.add("== " + f.getFileName() + "\n" + (text.length() > 4000 ? text.substring(text.length() - 4000) : text));
            }
        } catch (IOException e) {
            parts.add(e.toString());
        }
        return String.join("\n", parts);
    }

    /** Stops the gatekeeper and the test user's job managers and collectors (by pid); the scratch tree stays for a look. */
    @Override
    public void close() throws IOException {
        gatekeeper.destroy();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().user().map(USER::equals).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("globus-job-manager") || c.endsWith("perl"))
                        .orElse(false))
                .forEach(ProcessHandle::destroy);
        try {
            gatekeeper.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
