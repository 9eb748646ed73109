package org.agora.gram.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.config.Settings;
import org.agora.gram.guest.JobScript;
import org.agora.gram.seg.SegLog;
import org.agora.gram.workspace.AgoraWorkspaces;
import org.agora.gram.workspace.GuestBoot;
import org.agora.gram.workspace.SiteDefaults;
import org.agora.gram.workspace.WorkspaceOrders;
import org.agora.gram.workspace.Workspaces;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running bridge: its socket, its jobs and their tracker, wired from the settings. */
public final class BridgeDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeDaemon.class);
    private final BridgeServer server;
    private final JobTracker tracker;
    private final JobTable table;
    private final ScheduledExecutorService schedule;
    private final Workspaces workspaces;

    private BridgeDaemon(BridgeServer server, JobTracker tracker, JobTable table, ScheduledExecutorService schedule,
                         Workspaces workspaces) {
        this.server = server;
        this.tracker = tracker;
        this.table = table;
        this.schedule = schedule;
        this.workspaces = workspaces;
    }

    /** Starts the bridge described by {@code settings}, calling Agora with the CE's host credential. */
    public static BridgeDaemon start(Settings settings) throws IOException, CredentialException {
        GridCredential host = GridCredential.fromCertificateAndKey(settings.get(BridgeSettings.HOST_CERT),
                settings.get(BridgeSettings.HOST_KEY));
        TrustAnchors anchors = TrustAnchors.fromDirectory(settings.get(BridgeSettings.CERTIFICATES_DIR));
        Workspaces workspaces = new AgoraWorkspaces(settings.get(BridgeSettings.SERVICE_URL),
                new TlsMaterial(host, anchors), boot(settings));
        return start(settings, workspaces, JobScript.forWorkspace(), Clock.systemDefaultZone());
    }

    /** How the site's job images boot, from the agora.gram.kernel, initrd, kernel.args and disk.mib keys. */
    public static GuestBoot boot(Settings settings) {
        return new GuestBoot(settings.get(BridgeSettings.KERNEL), settings.get(BridgeSettings.INITRD),
                settings.get(BridgeSettings.KERNEL_ARGS), settings.get(BridgeSettings.DISK_MIB));
    }

    /** Starts a bridge on {@code workspaces} (closed with it), writing jobs with {@code scripts}. */
    public static BridgeDaemon start(Settings settings, Workspaces workspaces, JobScript scripts, Clock clock)
            throws IOException {
        Path stateDir = settings.get(BridgeSettings.STATE_DIR);
        Files.createDirectories(stateDir);
        JobStore store = new JobStore(stateDir);
        WorkspaceOrders orders = new WorkspaceOrders(new SiteDefaults(settings.get(BridgeSettings.IMAGE),
                settings.get(BridgeSettings.VCPUS), settings.get(BridgeSettings.MEMORY_MIB),
                settings.get(BridgeSettings.WALL_TIME), settings.get(BridgeSettings.MARGIN),
                settings.get(BridgeSettings.MAX_VCPUS), settings.get(BridgeSettings.MAX_MEMORY_MIB),
                settings.get(BridgeSettings.MAX_WALL_TIME)));
        JobTable table = new JobTable(store, orders, scripts, settings.get(BridgeSettings.MAX_JOBS), clock);
        SegLog seg = new SegLog(settings.get(BridgeSettings.SEG_DIR), clock);
        seg.prepareDays();
        JobTracker tracker = new JobTracker(table, store, seg, workspaces, clock,
                settings.get(BridgeSettings.PLACE_TIMEOUT), settings.get(BridgeSettings.COLLECT_TIMEOUT),
                settings.get(BridgeSettings.RETENTION));
        Path socket = settings.get(BridgeSettings.SOCKET);
        Files.createDirectories(socket.getParent());
        BridgeServer server = new BridgeServer(socket, new RequestHandler(table, tracker, store),
                settings.get(BridgeSettings.MAX_CONNECTIONS));
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gram-bridge-tracker");
            t.setDaemon(true);
            return t;
        });
        Duration interval = settings.get(BridgeSettings.POLL_INTERVAL);
        // The first round one interval after the start, as every later one: jobs kept from before a
        // restart are looked at within an interval.
        schedule.scheduleWithFixedDelay(tracker::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        // Tomorrow's SEG file exists before midnight, whatever the interval.
        schedule.scheduleWithFixedDelay(() -> {
            try {
                seg.prepareDays();
            } catch (IOException e) {
                LOG.error("cannot prepare the SEG day files in {}: {}", settings.get(BridgeSettings.SEG_DIR), e.toString());
            }
        }, 1, 1, TimeUnit.HOURS);
        LOG.info("agora-gram-bridge: {} job(s) kept, listening on {}", table.size(), socket);
        return new BridgeDaemon(server, tracker, table, schedule, workspaces);
    }

    public Path socket() {
        return server.socket();
    }

    public JobTable jobs() {
        return table;
    }

    @Override
    public void close() throws IOException {
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        tracker.close();
        workspaces.close();
    }
}
