package org.agora.deploy.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import org.agora.config.Settings;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeService;
import org.agora.database.Database;
import org.agora.database.DatabaseSettings;
import org.agora.deploy.transport.SecureBus;
import org.agora.security.authz.GridMapAccess;
import org.agora.security.authz.SiteAccessPolicy;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.HostCredentials;
import org.agora.security.trust.TrustAnchors;
import org.agora.security.tls.TlsMaterial;
import org.agora.workspace.lifecycle.LifetimeSweeper;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.node.NodeDirectory;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.placement.FirstFitPlacement;
import org.agora.workspace.placement.LeastLoadedPlacement;
import org.agora.workspace.placement.PlacementPolicy;
import org.agora.client.transport.MessageSigning;
import org.agora.security.voms.VomsVerifier;
import org.agora.workspace.soap.CallContext;
import org.agora.workspace.soap.WorkspaceEndpoint;
import org.agora.workspace.soap.WorkspaceFactoryEndpoint;
import org.agora.workspace.soap.WorkspaceStatusEndpoint;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@code agora-server}: database, workspace manager, endpoints. Built from validated
 * settings; {@link #close()} stops the endpoints first, then lets deployments in flight finish,
 * then closes the database.
 */
public final class AgoraServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgoraServer.class);

    /** The database (schema) name the services use on the MariaDB server. */
    public static final String DATABASE_NAME = "agora";

    private final Database database;
    private final SessionFactory sessions;
    private final WorkspaceManager manager;
    private final SecureBus bus;
    private final String baseUrl;
    private final VomsVerifier voms;
    private final LifetimeSweeper sweeper;

    private AgoraServer(VomsVerifier voms, LifetimeSweeper sweeper, Database database, SessionFactory sessions, WorkspaceManager manager,
                        SecureBus bus, String baseUrl) {
        this.database = database;
        this.sessions = sessions;
        this.manager = manager;
        this.bus = bus;
        this.baseUrl = baseUrl;
        this.voms = voms;
        this.sweeper = sweeper;
    }

    /** Starts the server on its own database, named {@value #DATABASE_NAME} (embedded or server). */
    public static AgoraServer start(Settings settings) throws CredentialException, java.io.IOException {
        return start(settings, DATABASE_NAME);
    }

    /** Starts the server; {@code databaseName} lets tests keep their rows apart. */
    public static AgoraServer start(Settings settings, String databaseName) throws CredentialException, java.io.IOException {
        long started = System.nanoTime();
        GridCredential host = HostCredentials.load(settings.get(ServerSettings.HOST_CERT),
                settings.get(ServerSettings.HOST_KEY));
        TrustAnchors anchors = TrustAnchors.fromDirectory(settings.get(ServerSettings.CERTIFICATES_DIR));
        TlsMaterial tls = new TlsMaterial(host, anchors);

        Database database = Database.open(databaseSettings(settings), databaseName);
        SecureBus bus = null;
        try {
            database.migrate("workspace", "classpath:db/migration/workspace");
            SessionFactory sessions = database.sessionFactory(WorkspaceRepository.ENTITIES);
            Clock clock = Clock.systemUTC();

            bus = new SecureBus(tls);
            NodeDirectory nodes = new NodeDirectory();
            for (String url : ServerSettings.split(settings.get(ServerSettings.NODES), ",")) {
                Node port = bus.secureClient(new NodeService().getNodePort(), url);
                nodes.register(nodeName(url), port);
            }
            RequestLimits limits = new RequestLimits(settings.get(ServerSettings.MAX_VCPUS),
                    settings.get(ServerSettings.MAX_MEMORY), settings.get(ServerSettings.MAX_DISK),
                    settings.get(ServerSettings.DEFAULT_DISK), settings.get(ServerSettings.MAX_DURATION));
            WorkspaceManager manager = new WorkspaceManager(new WorkspaceRepository(sessions, clock), nodes,
                    placement(settings.get(ServerSettings.PLACEMENT)), limits,
                    new HashSet<>(ServerSettings.split(settings.get(ServerSettings.ADMINS), ";")), access(settings), clock,
                    settings.get(ServerSettings.DEPLOYMENT_THREADS));

            // Before taking calls: what the database says must agree with what the nodes run.
            manager.orphanPolicy("destroy".equals(settings.get(ServerSettings.ORPHANS))
                    ? WorkspaceManager.OrphanPolicy.DESTROY : WorkspaceManager.OrphanPolicy.REPORT);
            manager.reconcile();
            LifetimeSweeper sweeper = new LifetimeSweeper(manager, settings.get(ServerSettings.SWEEP_INTERVAL));

            String listen = "https://" + settings.get(ServerSettings.LISTEN_HOST) + ":" + settings.get(ServerSettings.PORT)
                    + "/agora";
            String base = publicUrl(settings);
            String workspaceAddress = base + "/Workspace";
            VomsVerifier voms = VomsVerifier.forDirectory(settings.get(ServerSettings.VOMS_DIR),
                    settings.get(ServerSettings.CERTIFICATES_DIR)).orElse(null);
            LOG.info("event=voms.{} vomsdir={}", voms == null ? "off" : "on", settings.get(ServerSettings.VOMS_DIR));
            CallContext calls = new CallContext(voms);
            List<String> signed = signedEndpoints(settings);
            MessageSigning signing = signed.isEmpty() ? null : new MessageSigning(tls);
            bus.publish(listen + "/WorkspaceFactory", new WorkspaceFactoryEndpoint(manager, workspaceAddress, calls),
                    List.of(), signed.contains("WorkspaceFactory") ? signing : null);
            bus.publish(listen + "/Workspace", new WorkspaceEndpoint(manager, workspaceAddress, clock, calls), List.of(),
                    signed.contains("Workspace") ? signing : null);
            bus.publish(listen + "/WorkspaceStatus", new WorkspaceStatusEndpoint(manager, workspaceAddress, calls),
                    List.of(), signed.contains("WorkspaceStatus") ? signing : null);
            LOG.info("event=server.started url={} nodes={} database={} identity=\"{}\" millis={}", base, nodes.names(),
                    settings.find(ServerSettings.DB_URL).orElse("embedded MariaDB in "
                            + settings.get(ServerSettings.DATA_DIR).resolve("mariadb")),
                    host.identity().dn(), (System.nanoTime() - started) / 1_000_000);
            return new AgoraServer(voms, sweeper, database, sessions, manager, bus, base);
        } catch (RuntimeException e) {
            if (bus != null) {
                bus.close();
            }
            database.close();
            throw e;
        }
    }

    static DatabaseSettings databaseSettings(Settings settings) {
        int pool = settings.get(ServerSettings.DB_POOL);
        Path embeddedDir = settings.get(ServerSettings.DATA_DIR).resolve("mariadb");
        return settings.find(ServerSettings.DB_URL)
                .map(url -> new DatabaseSettings(url, settings.get(ServerSettings.DB_USER),
                        settings.get(ServerSettings.DB_PASSWORD), embeddedDir, pool))
                .orElseGet(() -> new DatabaseSettings(null, null, null, embeddedDir, pool));
    }

    private static final List<String> ENDPOINTS = List.of("WorkspaceFactory", "Workspace", "WorkspaceStatus");

    static List<String> signedEndpoints(Settings settings) {
        List<String> named = ServerSettings.split(settings.get(ServerSettings.SIGNED_ENDPOINTS), ",");
        for (String n : named) {
            if (!ENDPOINTS.contains(n)) {
                throw new IllegalArgumentException(ServerSettings.SIGNED_ENDPOINTS.key() + ": '" + n
                        + "' is not an endpoint; name any of " + ENDPOINTS);
            }
        }
        return named;
    }

    /** The site admission policy: grid-mapfile and admitted VO attributes, or every trusted identity. */
    static SiteAccessPolicy access(Settings settings) throws java.io.IOException {
        java.util.Optional<Path> gridmap = settings.find(ServerSettings.GRIDMAP);
        List<String> fqans = ServerSettings.split(settings.get(ServerSettings.ADMITTED_FQANS), ";");
        if (gridmap.isEmpty() && fqans.isEmpty()) {
            LOG.info("event=access.open hint=\"every identity from a trusted CA may use this site; set {} to restrict\"",
                    ServerSettings.GRIDMAP.key());
            return SiteAccessPolicy.ALL_TRUSTED;
        }
        return new GridMapAccess(gridmap.orElse(null), fqans);
    }

    private static PlacementPolicy placement(String name) {
        return "least-loaded".equals(name) ? new LeastLoadedPlacement() : new FirstFitPlacement();
    }

    /** A node is known by the host:port of its service URL. */
    static String nodeName(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String publicUrl(Settings settings) {
        return settings.find(ServerSettings.PUBLIC_URL).map(u -> u.replaceAll("/+$", "")).orElseGet(() -> {
            try {
                return "https://" + InetAddress.getLocalHost().getCanonicalHostName() + ":"
                        + settings.get(ServerSettings.PORT) + "/agora";
            } catch (UnknownHostException e) {
                return "https://localhost:" + settings.get(ServerSettings.PORT) + "/agora";
            }
        });
    }

    /** The base URL clients use, e.g. https://host:8443/agora. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        bus.close();
        sweeper.close();
        manager.close();
        if (voms != null) {
            voms.close();
        }
        sessions.close();
        database.close();
        LOG.info("event=server.stopped url={}", baseUrl);
    }
}
