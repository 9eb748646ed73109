package org.agora.deploy.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.agora.config.Setting;
import org.agora.config.SettingsSchema;
import org.agora.market.bank.Credits;
import org.agora.market.sls.Registrants;
import org.agora.security.authz.TrustedComputeElements;
import org.agora.security.identity.DistinguishedNames;

/** Every key of the {@code agora-server} configuration file. */
public final class ServerSettings {
    private ServerSettings() {
    }

    public static final Setting<String> LISTEN_HOST = Setting.text("agora.server.listen.host", "0.0.0.0",
            "Address the HTTPS endpoints listen on.");
    public static final Setting<Integer> PORT = Setting.integer("agora.server.port", 8443, 1, 65535,
            "HTTPS port of the workspace service.");
    public static final Setting<Integer> REQUEST_MAX_KIB = Setting.integer("agora.server.request.max.kib", 1024, 1,
            1_048_576, "Largest request body (KiB) the HTTPS endpoints read. A larger one is answered with HTTP 413: "
                    + "at once when its Content-Length says so, else when that much of a chunked body has arrived. "
                    + "Agora's own requests are a few KiB; a WS-Security signed one, under 20 KiB.");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("agora.server.idle.timeout",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1),
            "How long an HTTPS connection may carry nothing (no request, no answer) before the server closes it. "
                    + "Clients reconnect when they need to; idle connections only hold the server's memory.");
    public static final Setting<String> PUBLIC_URL = Setting.text("agora.server.public.url", null,
            "Base URL clients reach the services at, written into every EPR. Default: https://<host name>:<port>/agora");
    public static final Setting<Path> HOST_CERT = Setting.path("agora.server.host.cert",
            Path.of("/etc/grid-security/hostcert.pem"), "The service's host certificate (PEM).");
    public static final Setting<Path> HOST_KEY = Setting.path("agora.server.host.key",
            Path.of("/etc/grid-security/hostkey.pem"),
            "The host certificate's private key (PEM, unencrypted, readable only by the service user).");
    public static final Setting<Path> CERTIFICATES_DIR = Setting.path("agora.server.certificates.dir",
            Path.of("/etc/grid-security/certificates"),
            "Grid CA directory: the CAs whose users and hosts are trusted (<hash>.0 files).");
    public static final Setting<Path> DATA_DIR = Setting.path("agora.data.dir", Path.of("/var/lib/agora"),
            "Where the server keeps its state; the embedded MariaDB lives in <data dir>/mariadb.");
    public static final Setting<String> DB_URL = Setting.text("agora.db.url", null,
            "JDBC URL of the MariaDB server, e.g. jdbc:mariadb://db.example.org:3306/agora, or of the nodes of a "
                    + "Galera cluster, e.g. jdbc:mariadb:sequential://db1:3306,db2:3306,db3:3306/agora (the first that "
                    + "answers; several agora-server hosts share it). Empty: start an embedded MariaDB under the data "
                    + "directory.");
    public static final Setting<String> DB_USER = Setting.text("agora.db.user", "agora",
            "Database user (with agora.db.url).");
    public static final Setting<String> DB_PASSWORD = Setting.text("agora.db.password", null,
            "Database password (with agora.db.url).");
    public static final Setting<Integer> DB_POOL = Setting.integer("agora.db.pool.size", 10, 1, 500,
            "Database connections the server keeps open.");
    public static final Setting<String> NODES = Setting.text("agora.nodes", null,
            "Site adapters to place workspaces on: their node service URLs, separated by commas, "
                    + "e.g. https://node1.example.org:8444/agora-node/Node");
    public static final Setting<String> PLACEMENT = Setting.oneOf("agora.placement", "first-fit",
            Set.of("first-fit", "least-loaded"),
            "How a node is chosen: first-fit packs nodes in the order listed; least-loaded spreads by memory use.");
    public static final Setting<String> ADMINS = Setting.text("agora.admins", null,
            "Grid DNs (slash form) allowed to act on every workspace, separated by semicolons.");
    public static final Setting<String> BANK_ADMINS = Setting.text("agora.bank.admins", null,
            "Grid DNs (slash form) allowed to mint credits, separated by semicolons. Nobody mints when unset.");
    public static final Setting<String> MARKET_SITE = Setting.text("agora.market.site", "local",
            "The site name this server's nodes are listed under in the service location service.");
    public static final Setting<Duration> MARKET_INTERVAL = Setting.duration("agora.market.interval",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
            "How often this site's nodes heartbeat into the SLS and active bids are charged.");
    public static final Setting<Boolean> MARKET_CAPS = Setting.bool("agora.market.caps", false,
            "Also cap each market workspace's CPU at its proportional share of its host (share x vCPUs x 100 %, "
                    + "Xen cap or QEMU quota), so nobody gets more than was paid for even on an idle host. Off: "
                    + "shares are scheduler weights only (work-conserving, as Tycoon's auctioneers did).");
    public static final Setting<Credits> MARKET_RESERVE = Setting.parsed("agora.market.reserve", Credits.ZERO,
            "0 or more credits per second per vCPU, in steps of 0.000001, e.g. 0.001",
            "The reserve price of this site's nodes: the least rate per vCPU (credits per second) their owner "
                    + "accepts. The SLS lists it as a node's price while the bids there come to less, a bid then "
                    + "buys only what its rate pays for at the reserve (its share, and its cap with "
                    + "agora.market.caps), and best-response agents count it as the rate to beat on a node nobody "
                    + "bids on. 0: none.",
            ServerSettings::reserve);
    public static final Setting<Duration> MARKET_EXPIRY = Setting.duration("agora.market.expiry", null,
            Duration.ofSeconds(1), Duration.ofDays(1),
            "How long a host stays listed in the SLS after its last heartbeat (this site's nodes beat every "
                    + "agora.market.interval; other sites' servers register theirs again before the expiry they are "
                    + "answered). Must be longer than agora.market.interval. Empty: three intervals.");
    public static final Setting<String> MARKET_SITES = Setting.list(Registrants.SITES_SETTING, ",;",
            "a grid DN in slash form", ServerSettings::isSlashDn,
            "Grid DNs (slash form) of other sites' servers allowed to register their hosts into this server's SLS "
                    + "(operation RegisterHost, 'agora hosts register'), separated by commas or semicolons, e.g. "
                    + "/DC=ch/DC=cern/CN=host/market.cern.ch. Site admins (agora.admins) may always register.");
    /** The server's endpoints, as {@link #SIGNED_ENDPOINTS} names them and as their URLs end. */
    public static final List<String> ENDPOINTS = List.of("WorkspaceFactory", "Workspace", "WorkspaceGroup",
            "WorkspaceStatus", "SubscriptionManager", "Bank", "Market");
    /** The {@link #SIGNED_ENDPOINTS} value that means every endpoint. */
    public static final String ALL_ENDPOINTS = "all";
    public static final Setting<String> SIGNED_ENDPOINTS = Setting.list("agora.server.signed.endpoints", ",",
            "'all' or one of " + String.join(", ", ENDPOINTS),
            name -> ALL_ENDPOINTS.equals(name) || ENDPOINTS.contains(name),
            "Endpoints that demand WS-Security signed messages (X.509 signature over Body and Timestamp, 5-minute "
                    + "replay window) and sign their answers, separated by commas: 'all' for every endpoint, or any of "
                    + String.join(", ", ENDPOINTS) + ". An endpoint not named takes unsigned calls over mutual TLS "
                    + "(WorkspaceGroup pauses and destroys whole groups, Bank moves credits, Market places bids). "
                    + "Empty: mutual TLS alone. Clients then need 'agora --sign'.");
    public static final Setting<String> TRUSTED_CE = Setting.list("agora.server.trusted.ce", ",;",
            "the slash-form DN of a host certificate (not a proxy's)",
            dn -> TrustedComputeElements.problemWith(dn) == null,
            "Compute elements (GRAM gatekeepers) that may act for their users: the host DNs (slash form) their TLS "
                    + "connections present, separated by commas, e.g. /DC=org/DC=example/CN=host/ce.example.org. Such "
                    + "a connection may carry a call WS-Security signed by a user's delegated proxy; the call is then "
                    + "that user's (validated now, admitted by agora.access.*, owner of what it creates) and a limited "
                    + "proxy relayed so may create, query, read the console of and destroy workspaces, nothing else. "
                    + "Every endpoint then verifies signed calls even when agora.server.signed.endpoints does not "
                    + "name it. Empty: no CE relays; a call's signer must be its TLS client.");
    public static final Setting<Path> VOMS_DIR = Setting.path("agora.server.vomsdir",
            Path.of("/etc/grid-security/vomsdir"),
            "VOMS trust: <vo>/<host>.lsc files naming each attribute authority. FQANs in proxies are trusted only "
                    + "when verified against it; when the directory does not exist, callers carry no FQANs.");
    public static final Setting<Path> GRIDMAP = Setting.path("agora.access.gridmap", null,
            "grid-mapfile of the identities (DNs or FQANs) admitted at this site, re-read when it changes, e.g. "
                    + "/etc/grid-security/grid-mapfile. Empty, with agora.access.fqans empty: every identity from a "
                    + "trusted CA is admitted.");
    public static final Setting<String> ADMITTED_FQANS = Setting.text("agora.access.fqans", null,
            "VOMS groups/roles admitted whatever the grid-mapfile says, separated by semicolons, e.g. "
                    + "/atlas;/cms/Role=production (subgroups included).");
    public static final Setting<Integer> MAX_VCPUS = Setting.integer("agora.limits.max.vcpus", 32, 1, 4096,
            "Most virtual CPUs one workspace may ask for.");
    public static final Setting<Integer> MAX_MEMORY = Setting.integer("agora.limits.max.memory.mib", 262_144, 16,
            Integer.MAX_VALUE, "Most memory (MiB) one workspace may ask for.");
    public static final Setting<Integer> MAX_DISK = Setting.integer("agora.limits.max.disk.mib", 1_048_576, 1,
            Integer.MAX_VALUE, "Largest root disk (MiB) one workspace may ask for.");
    public static final Setting<Integer> DEFAULT_DISK = Setting.integer("agora.limits.default.disk.mib", 1024, 1,
            Integer.MAX_VALUE, "Root disk size (MiB) when a request names none.");
    public static final Setting<Duration> MAX_DURATION = Setting.duration("agora.limits.max.duration",
            Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(3650),
            "Longest lifetime a workspace may ask for.");
    public static final Setting<String> ORPHANS = Setting.oneOf("agora.reconcile.orphans", "report",
            Set.of("report", "destroy"),
            "What reconciliation does with libvirt domains carrying Agora metadata of which the database knows no "
                    + "workspace: report them in the log, or destroy them and their storage. A domain whose workspace "
                    + "ended (Cancelled, Destroyed) is always removed.");
    public static final Setting<Duration> SWEEP_INTERVAL = Setting.duration("agora.lifetime.sweep.interval",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
            "How often workspaces past their termination time are looked for and destroyed.");
    public static final Setting<Duration> SHUTDOWN_GRACE = Setting.duration("agora.lifetime.shutdown.grace",
            Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(10),
            "How long a guest whose workspace ends with the Normal shutdown mechanism is given to power off "
                    + "before it is forced off and removed.");
    public static final Setting<Duration> RECONCILE_INTERVAL = Setting.duration("agora.reconcile.interval",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1),
            "How often, besides at start-up, workspaces are matched with what the nodes' libvirt really runs.");
    public static final Setting<Integer> NOTIFICATION_LANES = Setting.integer("agora.notification.lanes", 4, 1, 64,
            "Notifications delivered in parallel (changes of one workspace always go out in order, on one lane).");
    public static final Setting<Integer> DEPLOYMENT_THREADS = Setting.integer("agora.deployment.threads", 8, 1, 256,
            "Deployments driven in parallel.");

    public static final SettingsSchema SCHEMA = new SettingsSchema("agora-server", List.of(
            LISTEN_HOST, PORT, REQUEST_MAX_KIB, IDLE_TIMEOUT, PUBLIC_URL, HOST_CERT, HOST_KEY, CERTIFICATES_DIR, DATA_DIR,
            DB_URL, DB_USER, DB_PASSWORD, DB_POOL, NODES, PLACEMENT, ADMINS, SIGNED_ENDPOINTS, TRUSTED_CE, VOMS_DIR, GRIDMAP,
            ADMITTED_FQANS,
            MAX_VCPUS, MAX_MEMORY, MAX_DISK, DEFAULT_DISK, MAX_DURATION, SWEEP_INTERVAL, SHUTDOWN_GRACE, ORPHANS, DEPLOYMENT_THREADS,
            RECONCILE_INTERVAL, NOTIFICATION_LANES, BANK_ADMINS,
            MARKET_SITE, MARKET_INTERVAL, MARKET_CAPS, MARKET_RESERVE, MARKET_EXPIRY, MARKET_SITES));

    private static boolean isSlashDn(String dn) {
        if (!dn.startsWith("/")) {
            return false;
        }
        try {
            DistinguishedNames.fromSlash(dn);
            return true;
        } catch (RuntimeException notADn) {
            return false;
        }
    }

    /** The endpoints {@link #SIGNED_ENDPOINTS} names, in {@link #ENDPOINTS} order; every one for 'all'. */
    public static List<String> signedEndpoints(org.agora.config.Settings settings) {
        List<String> named = org.agora.config.Settings.items(settings.get(SIGNED_ENDPOINTS), ",");
        return named.contains(ALL_ENDPOINTS) ? ENDPOINTS : ENDPOINTS.stream().filter(named::contains).toList();
    }

    /** The CEs {@link #TRUSTED_CE} names, sealed; none when it is empty. */
    public static TrustedComputeElements trustedComputeElements(org.agora.config.Settings settings) {
        return new TrustedComputeElements(new java.util.HashSet<>(
                org.agora.config.Settings.items(settings.get(TRUSTED_CE), ",;")));
    }

    /** How long SLS entries live: the expiry setting, else three market intervals; never as short as an interval. */
    static Duration marketExpiry(org.agora.config.Settings settings) {
        Duration interval = settings.get(MARKET_INTERVAL);
        Duration expiry = settings.find(MARKET_EXPIRY).orElse(interval.multipliedBy(3));
        if (expiry.compareTo(interval) <= 0) {
            throw new IllegalArgumentException(MARKET_EXPIRY.key() + " = " + expiry + " is not longer than "
                    + MARKET_INTERVAL.key() + " = " + interval + ": this site's own nodes would drop out of the SLS "
                    + "between their heartbeats; make the expiry longer (three intervals is the default)");
        }
        return expiry;
    }

    private static Credits reserve(String text) {
        Credits reserve = Credits.parse(text);
        if (reserve.micros() < 0) {
            throw new IllegalArgumentException("a reserve price below zero");
        }
        return reserve;
    }
}
