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
import org.agora.security.authz.ContractOperations;
import org.agora.market.soap.BankRequestFaults;
import org.agora.market.soap.MarketRequestFaults;
import org.agora.transport.endpoint.ConnectorLimits;
import org.agora.transport.endpoint.SecureBus;
import org.agora.transport.tls.SecureClients;
import org.agora.workspace.soap.WorkspaceRequestFaults;
import org.agora.security.authz.GridMapAccess;
import org.agora.security.authz.LimitedProxyPolicy;
import org.agora.security.authz.SiteAccessPolicy;
import org.agora.security.authz.TrustedComputeElements;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.HostCredentials;
import org.agora.security.trust.TrustAnchors;
import org.agora.security.tls.TlsMaterial;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.Receipts;
import org.agora.market.sls.Registrants;
import org.agora.market.sls.ServiceLocation;
import org.agora.market.soap.MarketEndpoint;
import org.agora.market.bank.persistence.HibernateLedger;
import org.agora.market.soap.BankEndpoint;
import org.agora.security.soap.CallerIdentity;
import org.agora.workspace.lifecycle.LifetimeSweeper;
import org.agora.workspace.lifecycle.LivenessWatcher;
import org.agora.workspace.persistence.NodeLeases;
import org.agora.workspace.lifecycle.PeriodicReconciler;
import org.agora.workspace.notification.NotificationPublisher;
import org.agora.workspace.notification.SubscriptionManager;
import org.agora.workspace.persistence.SubscriptionRepository;
import org.agora.workspace.soap.SoapNotificationSender;
import org.agora.workspace.soap.SubscriptionManagerEndpoint;
import org.agora.workspace.soap.WorkspaceGroupEndpoint;
import org.agora.workspace.lifecycle.Admission;
import org.agora.workspace.lifecycle.Deployer;
import org.agora.workspace.lifecycle.Expiry;
import org.agora.workspace.lifecycle.Groups;
import org.agora.workspace.lifecycle.LifecycleControl;
import org.agora.workspace.lifecycle.OrphanPolicy;
import org.agora.workspace.lifecycle.Provisioning;
import org.agora.workspace.lifecycle.Reconciliation;
import org.agora.workspace.lifecycle.UsageRecorder;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.adapterclient.SoapNodeGateway;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.placement.FirstFitPlacement;
import org.agora.workspace.placement.LeastLoadedPlacement;
import org.agora.workspace.placement.PlacementPolicy;
import org.agora.security.voms.VomsVerifier;
import org.agora.sitemarket.MarketHousekeeping;
import org.agora.sitemarket.SiteMarket;
import org.agora.workspace.soap.CallContext;
import org.agora.workspace.soap.WorkspaceEndpoint;
import org.agora.workspace.soap.WorkspaceFactoryEndpoint;
import org.agora.workspace.soap.WorkspaceStatusEndpoint;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;
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
    private final Deployer deployer;
    private final WorkspaceRepository workspaces;
    private final SecureBus bus;
    private final String baseUrl;
    private final VomsVerifier voms;
    private final LifetimeSweeper sweeper;

    private final PeriodicReconciler reconciler;
    private final LivenessWatcher liveness;
    private final SessionFactory ledgerSessions;
    private final MarketHousekeeping market;
    private final NotificationPublisher publisher;
    private volatile boolean dropDatabaseOnClose;

    private AgoraServer(VomsVerifier voms, LifetimeSweeper sweeper, PeriodicReconciler reconciler,
                        LivenessWatcher liveness, NotificationPublisher publisher, MarketHousekeeping market, Database database,
                        SessionFactory sessions, SessionFactory ledgerSessions, Deployer deployer,
                        WorkspaceRepository workspaces, SecureBus bus, String baseUrl) {
        this.workspaces = workspaces;
        this.market = market;
        this.ledgerSessions = ledgerSessions;
        this.reconciler = reconciler;
        this.liveness = liveness;
        this.publisher = publisher;
        this.database = database;
        this.sessions = sessions;
        this.deployer = deployer;
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
        keepConnectionsForConcurrentCalls(settings.get(ServerSettings.DEPLOYMENT_THREADS));
        GridCredential host = HostCredentials.load(settings.get(ServerSettings.HOST_CERT),
                settings.get(ServerSettings.HOST_KEY));
        TrustAnchors anchors = TrustAnchors.fromDirectory(settings.get(ServerSettings.CERTIFICATES_DIR));
        TlsMaterial tls = new TlsMaterial(host, anchors);

        Database database = Database.open(databaseSettings(settings), databaseName);
        SecureBus bus = null;
        MarketHousekeeping market = null;
        Deployer deployer = null;
        try {
            database.migrate("workspace", "classpath:db/migration/workspace");
            database.migrate("market", "classpath:db/migration/market");
            SessionFactory sessions = database.sessionFactory(WorkspaceRepository.ENTITIES);
            SessionFactory ledgerSessions = database.sessionFactory(BidBook.WITH_LEDGER);
            Clock clock = Clock.systemUTC();

            bus = new SecureBus(tls, new ConnectorLimits(settings.get(ServerSettings.REQUEST_MAX_KIB) * 1024L,
                    settings.get(ServerSettings.IDLE_TIMEOUT)));
            SoapNodeGateway nodes = new SoapNodeGateway();
            for (String url : Settings.items(settings.get(ServerSettings.NODES), ",")) {
                Node port = bus.secureClient(new NodeService().getNodePort(), url);
                Node watchPort = SecureClients.receiveTimeout(bus.secureClient(new NodeService().getNodePort(), url),
                        SoapNodeGateway.WATCH_RECEIVE_TIMEOUT);
                // The watcher reports a failed watch itself, in one line (event=liveness.node_unreachable),
                // and says nothing of one that breaks while the server stops: CXF's own warning with its
                // stack trace would only repeat it.
                org.apache.cxf.frontend.ClientProxy.getClient(watchPort).getEndpoint()
                        .put(org.apache.cxf.logging.FaultListener.class.getName(),
                                (org.apache.cxf.logging.FaultListener) (exception, description, message) -> false);
                nodes.register(nodeName(url), port, watchPort);
            }
            RequestLimits limits = new RequestLimits(settings.get(ServerSettings.MAX_VCPUS),
                    settings.get(ServerSettings.MAX_MEMORY), settings.get(ServerSettings.MAX_DISK),
                    settings.get(ServerSettings.DEFAULT_DISK), settings.get(ServerSettings.MAX_DURATION));
            WorkspaceRepository workspaces = new WorkspaceRepository(sessions, clock);

            // The market the workspace service places bids with: built before the lifecycle, so a
            // Create with a Bid is served from the first call on.
            HibernateLedger ledger = new HibernateLedger(ledgerSessions, clock);
            BidBook bids = new BidBook(ledgerSessions, ledger);
            ServiceLocation sls = new ServiceLocation(ledgerSessions, ServerSettings.marketExpiry(settings), clock);
            SiteMarket siteMarket = new SiteMarket(sls, bids, host.identity().dn(), clock);

            // The lifecycle's parts, each wired once here.
            deployer = new Deployer(workspaces, nodes, settings.get(ServerSettings.DEPLOYMENT_THREADS));
            Admission admission = new Admission(access(settings),
                    new HashSet<>(Settings.items(settings.get(ServerSettings.ADMINS), ";")), limits, workspaces);
            LifecycleControl control = new LifecycleControl(admission, workspaces, nodes, clock);
            WorkspaceManager manager = new WorkspaceManager(admission, workspaces,
                    new Provisioning(admission, workspaces, nodes, placement(settings.get(ServerSettings.PLACEMENT)),
                            deployer, siteMarket, clock),
                    control, new Groups(admission, workspaces, control),
                    new UsageRecorder(admission, workspaces, nodes, siteMarket, clock));
            // Several replicas may share the database: each node is looked after by the one holding its lease.
            NodeLeases leases = new NodeLeases(sessions, replicaName(settings), LivenessWatcher.leaseFor(LivenessWatcher.WAIT));
            Reconciliation reconciliation = new Reconciliation(workspaces, nodes, deployer,
                    "destroy".equals(settings.get(ServerSettings.ORPHANS)) ? OrphanPolicy.DESTROY : OrphanPolicy.REPORT,
                    leases);
            LOG.info("event=replica.named holder={} lease_seconds={}", leases.holder(), leases.ttl().toSeconds());
            Expiry expiry = new Expiry(workspaces, nodes, deployer, settings.get(ServerSettings.SHUTDOWN_GRACE), clock);
            String listen = "https://" + settings.get(ServerSettings.LISTEN_HOST) + ":" + settings.get(ServerSettings.PORT)
                    + "/agora";
            String base = publicUrl(settings);
            String workspaceAddress = base + "/Workspace";
            String subscriptionAddress = base + "/SubscriptionManager";

            // Subscribers hear every committed change, including those reconciliation makes.
            SubscriptionRepository subscriptionRows = new SubscriptionRepository(sessions);
            SecureBus consumerBus = bus;
            NotificationPublisher publisher = new NotificationPublisher(subscriptionRows,
                    new SoapNotificationSender(address -> consumerBus.consumerClient(address), workspaceAddress,
                            subscriptionAddress),
                    clock, settings.get(ServerSettings.NOTIFICATION_LANES));
            workspaces.onTransition(publisher);
            workspaces.onTransition(siteMarket);
            SubscriptionManager subscriptions = new SubscriptionManager(manager, subscriptionRows,
                    new HashSet<>(Settings.items(settings.get(ServerSettings.ADMINS), ";")),
                    settings.get(ServerSettings.MAX_DURATION), clock);

            // Before taking calls: what the database says must agree with what the nodes run.
            reconciliation.reconcile();
            LifetimeSweeper sweeper = new LifetimeSweeper(expiry, settings.get(ServerSettings.SWEEP_INTERVAL),
                    publisher::purgeExpired);
            PeriodicReconciler reconciler = new PeriodicReconciler(reconciliation,
                    settings.get(ServerSettings.RECONCILE_INTERVAL));
            LivenessWatcher liveness = new LivenessWatcher(reconciliation, nodes);
            liveness.start();
            VomsVerifier voms = VomsVerifier.forDirectory(settings.get(ServerSettings.VOMS_DIR),
                    settings.get(ServerSettings.CERTIFICATES_DIR)).orElse(null);
            LOG.info("event=voms.{} vomsdir={}", voms == null ? "off" : "on", settings.get(ServerSettings.VOMS_DIR));
            TrustedComputeElements computeElements = ServerSettings.trustedComputeElements(settings);
            LOG.info("event=trusted_ce.{} dns={}", computeElements.isEmpty() ? "none" : "listed", computeElements.hostDns());
            CallContext calls = new CallContext(voms, computeElements);
            CallerIdentity callers = new CallerIdentity(voms, computeElements);
            // Every endpoint below carries the one limited-proxy rule; the table names the operations that only read.
            LimitedProxyPolicy limitedProxies = new LimitedProxyPolicy(ContractOperations.AGORA);
            List<Interceptor<? extends Message>> workspaceGuard =
                    List.of(CallContext.limitedProxyGuard(limitedProxies, computeElements));
            ServerEndpoints endpoints = new ServerEndpoints(bus, listen, tls, ServerSettings.signedEndpoints(settings),
                    computeElements);
            endpoints.publish("WorkspaceFactory", new WorkspaceFactoryEndpoint(manager, workspaceAddress,
                    base + "/WorkspaceGroup", calls), workspaceGuard, WORKSPACE_FAULTS);
            endpoints.publish("Workspace", new WorkspaceEndpoint(manager, workspaceAddress, clock, calls,
                    subscriptions, subscriptionAddress), workspaceGuard, WORKSPACE_FAULTS);
            endpoints.publish("WorkspaceGroup", new WorkspaceGroupEndpoint(manager, workspaceAddress, calls, clock),
                    workspaceGuard, WORKSPACE_FAULTS);
            java.util.Set<String> bankAdmins = new HashSet<>(Settings.items(settings.get(ServerSettings.BANK_ADMINS), ";"));
            org.agora.market.bank.Bank bank = new org.agora.market.bank.Bank(ledger, bankAdmins, new Receipts(host));
            Registrants registrants = new Registrants(host.identity().dn(),
                    new HashSet<>(Settings.items(settings.get(ServerSettings.ADMINS), ";")),
                    new HashSet<>(Settings.items(settings.get(ServerSettings.MARKET_SITES), ",;")));
            LOG.info("event=market.registrants sites={} expiry={}", registrants.otherSites().size(), sls.ttl());
            endpoints.publish("Market", new MarketEndpoint(sls, bids, callers, bankAdmins, registrants, clock),
                    List.of(MarketEndpoint.limitedProxyGuard(limitedProxies, computeElements)), new MarketRequestFaults());
            market = new MarketHousekeeping(new NodeGatewayScheduler(nodes), sls, bids, settings.get(ServerSettings.MARKET_SITE),
                    host.identity().dn(), settings.get(ServerSettings.MARKET_INTERVAL), clock,
                    settings.get(ServerSettings.MARKET_CAPS), settings.get(ServerSettings.MARKET_RESERVE), leases);
            endpoints.publish("Bank", new BankEndpoint(bank, callers, host.certificate()),
                    List.of(BankEndpoint.limitedProxyGuard(limitedProxies, computeElements)), new BankRequestFaults());
            endpoints.publish("SubscriptionManager", new SubscriptionManagerEndpoint(subscriptions, calls, clock),
                    workspaceGuard, WORKSPACE_FAULTS);
            endpoints.publish("WorkspaceStatus", new WorkspaceStatusEndpoint(manager, workspaceAddress, calls)
                    .site(settings.get(ServerSettings.MARKET_SITE)), workspaceGuard, WORKSPACE_FAULTS);
            LOG.info("event=server.started url={} nodes={} database={} identity=\"{}\" millis={}", base, nodes.names(),
                    settings.find(ServerSettings.DB_URL).orElse("embedded MariaDB in "
                            + settings.get(ServerSettings.DATA_DIR).resolve("mariadb")),
                    host.identity().dn(), (System.nanoTime() - started) / 1_000_000);
            return new AgoraServer(voms, sweeper, reconciler, liveness, publisher, market, database, sessions, ledgerSessions,
                    deployer, workspaces, bus, base);
        } catch (RuntimeException e) {
            if (market != null) {
                market.close();
            }
            if (deployer != null) {
                deployer.close();
            }
            if (bus != null) {
                bus.close();
            }
            database.close();
            throw e;
        }
    }

    private static final WorkspaceRequestFaults WORKSPACE_FAULTS = new WorkspaceRequestFaults();

    static DatabaseSettings databaseSettings(Settings settings) {
        int pool = settings.get(ServerSettings.DB_POOL);
        Path embeddedDir = settings.get(ServerSettings.DATA_DIR).resolve("mariadb");
        return settings.find(ServerSettings.DB_URL)
                .map(url -> new DatabaseSettings(url, settings.get(ServerSettings.DB_USER),
                        settings.get(ServerSettings.DB_PASSWORD), embeddedDir, pool))
                .orElseGet(() -> new DatabaseSettings(null, null, null, embeddedDir, pool));
    }

    /** The site admission policy: grid-mapfile and admitted VO attributes, or every trusted identity. */
    static SiteAccessPolicy access(Settings settings) throws java.io.IOException {
        java.util.Optional<Path> gridmap = settings.find(ServerSettings.GRIDMAP);
        List<String> fqans = Settings.items(settings.get(ServerSettings.ADMITTED_FQANS), ";");
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
    /**
     * The JDK's HTTP client keeps at most {@code http.maxConnections} (default 5) idle connections
     * per destination. With more deployments than that in flight to one node, every call beyond
     * the fifth closed its connection afterwards and the next one opened a new TLS connection: a
     * full handshake with proxy-chain validation at both ends, 188 handshakes against 90 in a
     * 16-client create run (docs/performance.md). Raised to cover the deployment threads and the
     * calls beside them, unless the JVM was started with its own value. It must be set before the
     * first HTTP connection of the process, which is why it is set here, first thing.
     */
    private static void keepConnectionsForConcurrentCalls(int deploymentThreads) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(16, 2 * deploymentThreads)));
        }
    }

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

    /** The workspace rows, whose listeners hear every committed state change. */
    public WorkspaceRepository workspaces() {
        return workspaces;
    }

    /** Makes {@link #close()} drop the server's database: for a bench's or a test's own database. */
    public void dropDatabaseOnClose() {
        dropDatabaseOnClose = true;
    }

    @Override
    public void close() {
        // The watchers first: a watch whose call breaks while the rest closes is then not reported
        // as a node gone unreachable.
        liveness.close();
        bus.close();
        sweeper.close();
        reconciler.close();
        market.close();
        deployer.close();
        publisher.close();
        if (voms != null) {
            voms.close();
        }
        sessions.close();
        ledgerSessions.close();
        try {
            if (dropDatabaseOnClose) {
                database.drop();
            }
        } finally {
            database.close();
        }
        LOG.info("event=server.stopped url={}", baseUrl);
    }

    /**
     * The name this replica holds node leases under: its host and port, which tell an admin which
     * server it is and stay the same across its restarts, so a replica restarted after a crash takes
     * its nodes back at once and reconciles them before it serves.
     */
    private static String replicaName(Settings settings) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = settings.get(ServerSettings.LISTEN_HOST);
        }
        String name = host + ":" + settings.get(ServerSettings.PORT);
        return name.length() <= 255 ? name : name.substring(name.length() - 255);
    }
}
