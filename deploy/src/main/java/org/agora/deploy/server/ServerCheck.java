package org.agora.deploy.server;

import jakarta.xml.ws.BindingProvider;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.agora.config.Settings;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DescribeNodeResponse;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.NodeService;
import org.agora.deploy.check.Finding;
import org.agora.deploy.check.Findings;
import org.agora.security.authz.GridMapFile;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.HostCredentials;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.transport.endpoint.SecureBus;
import org.agora.transport.tls.SecureClients;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.logging.NoOpFaultListener;

/**
 * {@code agora-server --check-config}: tries what the server needs (its credential, the CA
 * directory, the database, every node) without starting it, and says which endpoints demand signed
 * messages, so a site admin finds every problem in one run, each named by its setting.
 */
public final class ServerCheck {
    /** How long one database or node may take to answer before it counts as unreachable. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;
    private final Findings findings = new Findings();

    public ServerCheck(Settings settings) {
        this.settings = settings;
    }

    /** Runs every check; the findings say what passed and what did not. */
    public List<Finding> run() {
        crossChecks();
        signing();
        trustedComputeElements();
        Optional<GridCredential> host = credential();
        Optional<TrustAnchors> anchors = trust();
        access();
        database();
        nodes(host, anchors);
        findings.ok("listen", "https://" + settings.get(ServerSettings.LISTEN_HOST) + ":"
                + settings.get(ServerSettings.PORT) + "/agora, clients told "
                + settings.find(ServerSettings.PUBLIC_URL).orElse("https://<this host's name>:"
                        + settings.get(ServerSettings.PORT) + "/agora") + " (" + ServerSettings.PUBLIC_URL.key() + ")");
        return findings.list();
    }

    /** Prints the findings; returns the process exit status (0: all usable, 2: something is not). */
    public static int report(List<Finding> findings, PrintStream out) {
        return Findings.report("agora-server", "the configuration is usable", findings, out);
    }

    private void crossChecks() {
        try {
            ServerSettings.marketExpiry(settings);
            findings.ok("settings", "every key is valid (source: " + settings.source() + ")");
        } catch (IllegalArgumentException e) {
            findings.fail("settings", e.getMessage());
        }
    }

    private void signing() {
        List<String> signed = ServerSettings.signedEndpoints(settings);
        List<String> unsigned = new ArrayList<>(ServerSettings.ENDPOINTS);
        unsigned.removeAll(signed);
        String key = ServerSettings.SIGNED_ENDPOINTS.key();
        if (signed.isEmpty()) {
            findings.ok("signing", "no endpoint demands signed messages (" + key + " is empty): mutual TLS alone");
        } else if (unsigned.isEmpty()) {
            findings.ok("signing", "every endpoint demands signed messages (" + key + ")");
        } else {
            findings.ok("signing", signed + " demand signed messages; " + unsigned + " take unsigned ones (" + key
                    + "; 'all' signs every endpoint)");
        }
    }

    private void trustedComputeElements() {
        String key = ServerSettings.TRUSTED_CE.key();
        var computeElements = ServerSettings.trustedComputeElements(settings);
        if (computeElements.isEmpty()) {
            findings.ok("trusted-ce", "no compute element acts for users (" + key + " is empty): every signed call's "
                    + "signer must be its TLS client");
        } else {
            findings.ok("trusted-ce", computeElements.hostDns() + " may relay calls their users sign with a delegated "
                    + "proxy (" + key + "); every endpoint verifies signed calls");
        }
    }

    private Optional<GridCredential> credential() {
        Path cert = settings.get(ServerSettings.HOST_CERT);
        try {
            GridCredential host = HostCredentials.load(cert, settings.get(ServerSettings.HOST_KEY));
            Duration left = Duration.between(Instant.now(), host.notAfter());
            if (left.isNegative()) {
                findings.fail("credential", cert + " expired at " + host.notAfter() + "; renew the host certificate ("
                        + ServerSettings.HOST_CERT.key() + ")");
                return Optional.empty();
            }
            findings.ok("credential", "host identity " + host.identity().dn() + ", valid " + left.toDays()
                    + " more days; adapters list it in agora.adapter.service.dns");
            return Optional.of(host);
        } catch (Exception e) {
            findings.fail("credential", ServerSettings.HOST_CERT.key() + "/" + ServerSettings.HOST_KEY.key() + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<TrustAnchors> trust() {
        Path cas = settings.get(ServerSettings.CERTIFICATES_DIR);
        try {
            TrustAnchors anchors = TrustAnchors.fromDirectory(cas);
            findings.ok("trust", anchors.certificates().size() + " CA certificate(s) in " + cas);
            return Optional.of(anchors);
        } catch (Exception e) {
            findings.fail("trust", ServerSettings.CERTIFICATES_DIR.key() + " = " + cas + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void access() {
        Optional<Path> gridmap = settings.find(ServerSettings.GRIDMAP);
        List<String> fqans = Settings.items(settings.get(ServerSettings.ADMITTED_FQANS), ";");
        if (gridmap.isEmpty()) {
            findings.ok("access", fqans.isEmpty() ? "every identity from a trusted CA may use this site (set "
                    + ServerSettings.GRIDMAP.key() + " to restrict)" : "members of " + fqans + " only");
            return;
        }
        try {
            GridMapFile.parse(gridmap.get());
            findings.ok("access", "grid-mapfile " + gridmap.get() + (fqans.isEmpty() ? "" : ", and members of " + fqans));
        } catch (Exception e) {
            findings.fail("access", ServerSettings.GRIDMAP.key() + " = " + gridmap.get() + ": " + e.getMessage());
        }
    }

    private void database() {
        Optional<String> url = settings.find(ServerSettings.DB_URL);
        if (url.isEmpty()) {
            Path dir = settings.get(ServerSettings.DATA_DIR);
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                findings.fail("database", ServerSettings.DATA_DIR.key() + " = " + dir + " cannot be made or written "
                        + "by this user, so the embedded MariaDB cannot start there; give it to the server's user, or "
                        + "set " + ServerSettings.DB_URL.key() + " to a MariaDB server");
            } else {
                findings.ok("database", "embedded MariaDB in " + dir.resolve("mariadb") + " (set "
                        + ServerSettings.DB_URL.key() + " to use a MariaDB server)");
            }
            return;
        }
        String user = settings.get(ServerSettings.DB_USER);
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", settings.find(ServerSettings.DB_PASSWORD).orElse(""));
        login.setProperty("connectTimeout", Long.toString(REACH_TIMEOUT.toMillis()));
        try (Connection c = DriverManager.getConnection(url.get(), login); Statement s = c.createStatement();
             ResultSet version = s.executeQuery("SELECT VERSION()")) {
            version.next();
            findings.ok("database", url.get() + " as '" + user + "': MariaDB " + version.getString(1) + "; database "
                    + AgoraServer.DATABASE_NAME + " is made and migrated at start");
        } catch (SQLException e) {
            findings.fail("database", ServerSettings.DB_URL.key() + " = " + url.get() + " as '" + user + "' ("
                    + ServerSettings.DB_USER.key() + "): " + e.getMessage() + "; check that the server runs and "
                    + "the user and " + ServerSettings.DB_PASSWORD.key() + " are right");
        }
    }

    private void nodes(Optional<GridCredential> host, Optional<TrustAnchors> anchors) {
        List<String> urls = Settings.items(settings.get(ServerSettings.NODES), ",");
        if (urls.isEmpty()) {
            findings.ok("nodes", "none (" + ServerSettings.NODES.key() + " is empty): no workspace can be placed");
            return;
        }
        if (host.isEmpty() || anchors.isEmpty()) {
            for (String url : urls) {
                findings.fail("node", url + " cannot be tried without a usable host credential and CA directory");
            }
            return;
        }
        try (SecureBus bus = new SecureBus(new TlsMaterial(host.get(), anchors.get()))) {
            for (String url : urls) {
                node(bus, url);
            }
        }
    }

    private void node(SecureBus bus, String url) {
        try {
            Node node = SecureClients.receiveTimeout(bus.secureClient(new NodeService().getNodePort(), url),
                    REACH_TIMEOUT);
            // The finding says why; CXF's stack trace would bury the report.
            ((BindingProvider) node).getRequestContext().put(FaultListener.class.getName(), new NoOpFaultListener());
            DescribeNodeResponse d = node.describeNode(new DescribeNode());
            findings.ok("node", url + ": " + d.getNodeName() + " (" + d.getHypervisor() + ", " + d.getArch() + ", "
                    + d.getCapacity().getVcpus() + " vCPUs, " + d.getCapacity().getMemoryMiB() + " MiB offered), "
                    + d.getDomain().size() + " Agora domain(s)");
        } catch (NodeFault refused) {
            findings.fail("node", url + " (" + ServerSettings.NODES.key() + ") refuses this server: "
                    + refused.getMessage() + "; list this server's host DN in the node's agora.adapter.service.dns");
        } catch (RuntimeException e) {
            findings.fail("node", url + " (" + ServerSettings.NODES.key() + ") does not answer: " + rootCause(e)
                    + "; check that its agora-adapter runs and trusts this server's CA");
        }
    }

    private static String rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == e ? String.valueOf(e.getMessage()) : c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
