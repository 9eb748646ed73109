package org.agora.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainXml;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.service.NodeService;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.TinyGuest;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.client.ServiceCallException;
import org.agora.workspace.lifecycle.Deployer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The service's overhead over raw libvirt on a real hypervisor (docs/performance.md, target ≤ 20 %):
 * the tiny guest created through the whole service
 * (mutual TLS, MariaDB, the adapter over mutual TLS, QEMU under libvirtd) until its workspace is
 * Running, against raw libvirt-java defining and starting the same domain XML until libvirt says
 * it runs; in one run, on one machine, rotating which goes first. A third path, the same site's
 * adapter called in-process, separates the adapter's share from the service's. On the test driver
 * the comparison pits a networked, durable create against a call that does no work (performance.md).
 * Long because one measurement's protocol (three paths, the same-guest check, the phases) reads best in one place.
 */
@Command(name = "real-create", mixinStandardHelpOptions = true)
public final class RealCreateOverhead implements Callable<Integer> {
    private static final String LIBVIRT = "qemu:///system";

    @Option(names = "--creates", defaultValue = "8", description = "Measured creates of each kind (default: ${DEFAULT-VALUE}).")
    int creates;

    @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured creates of each kind first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--poll-millis", defaultValue = "10",
            description = "Pause between the client's status polls (default: ${DEFAULT-VALUE}); back-to-back "
                    + "polls would take CPU from the QEMU start they wait for.")
    int pollMillis;

    @Option(names = "--await", defaultValue = "poll",
            description = "How the client learns of Running: poll (status every --poll-millis) or notification "
                    + "(Subscribe after Create returns, one status read, then the Notify; default: ${DEFAULT-VALUE}).")
    String await;

    /** The Running notification of each workspace being waited for, by id (--await notification). */
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<Long>> runningHeard =
            new java.util.concurrent.ConcurrentHashMap<>();
    private org.agora.client.notification.NotificationListener listener;
    private String listenerUrl;

    private final LatencyRecorder raw = new LatencyRecorder();
    private final LatencyRecorder service = new LatencyRecorder();
    private final LatencyRecorder adapterInProcess = new LatencyRecorder();
    private final List<Double> pairRatios = new ArrayList<>();
    private final ServiceTimeline timeline = new ServiceTimeline();

    /** Everything either path made, so that whatever fails, nothing is left on the node. */
    private final Set<String> madeIds = new LinkedHashSet<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new RealCreateOverhead()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (TinyGuest.missing().isPresent()) {
            System.out.println("real-create: cannot run here: " + TinyGuest.missing().get());
            return 1;
        }
        Connect libvirt;
        try {
            libvirt = new Connect(LIBVIRT, false);
        } catch (LibvirtException e) {
            System.out.println("real-create: cannot run here: libvirtd does not answer at " + LIBVIRT + " ("
                    + e.getMessage() + "); .ci/run starts it");
            return 1;
        }
        LoggedEventTimes events = LoggedEventTimes.attach(NodeService.class, Deployer.class);
        Path work = Files.createTempDirectory("agora-real-create");
        String loadBefore = loadAverage();
        try {
            TinyGuest.letQemuIn(work, work);
            Path rawDir = Files.createDirectories(work.resolve("raw"));
            try (AllInOne site = AllInOne.start(new AllInOne.Options(work.resolve("site"), FreePorts.next(), FreePorts.next(),
                    LIBVIRT, null, "agora_real_create_" + UUID.randomUUID().toString().substring(0, 8))
                    .withAdapterSetting("agora.adapter.networks", DomainDefinition.NetworkInterface.USER_MODE)
                    // The raw path's XML is type qemu; nested KVM also hangs guests on these hosts.
                    .withAdapterSetting("agora.adapter.domain.type", "qemu"))) {
                // The node's image repository is where the adapter finds a request's kernel and initrd by name;
                // the raw path boots the very same files.
                Path images = Files.createDirectories(work.resolve("site/adapter/storage/images"));
                Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
                TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
                TinyGuest.letQemuIn(images, work);
                GridCredential proxy = GridCredential.fromProxyFile(site.credentials().userProxy());
                TlsMaterial tls = new TlsMaterial(proxy, TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
                String owner = proxy.identity().dn();
                String arch = libvirt.nodeInfo().model;
                if ("notification".equals(await)) {
                    listenerUrl = "http://localhost:" + FreePorts.next() + "/real-create-consumer";
                    listener = new org.agora.client.notification.NotificationListener(listenerUrl, received -> {
                        if (received.change().getState() == WorkspaceStateType.RUNNING) {
                            runningHeard.computeIfAbsent(received.change().getWorkspaceId(),
                                    k -> new java.util.concurrent.CompletableFuture<>()).complete(System.nanoTime());
                        }
                    });
                } else if (!"poll".equals(await)) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--await must be poll or notification, not '" + await + "'");
                }
                try (WorkspaceClient client = new WorkspaceClient(URI.create(site.server().baseUrl()), tls)) {
                    awaitNodeKnown(client, libvirt, events);
                    for (int i = 0; i < warmup + creates; i++) {
                        boolean measured = i >= warmup;
                        boolean compareXml = i == warmup;
                        // Rotating which goes first, so that none always follows another's teardown.
                        long[] rawNanos = new long[1];
                        long[] adapterNanos = new long[1];
                        Sample[] viaService = new Sample[1];
                        List<Step> steps = List.of(
                                () -> viaService[0] = viaService(client, libvirt, events, compareXml ? owner : null,
                                        arch, rawDir, images),
                                () -> rawNanos[0] = viaRawLibvirt(libvirt, arch, rawDir, images, owner),
                                () -> adapterNanos[0] = viaAdapterEndpoint(site.adapter().adapter(), libvirt));
                        for (int k = 0; k < steps.size(); k++) {
                            steps.get((i + k) % steps.size()).run();
                        }
                        if (measured) {
                            raw.record(rawNanos[0]);
                            adapterInProcess.record(adapterNanos[0]);
                            service.record(viaService[0].seen());
                            pairRatios.add((double) viaService[0].seen() / rawNanos[0]);
                            timeline.add(viaService[0]);
                        }
                    }
                }
            }
        } finally {
            if (listener != null) {
                listener.close();
            }
            removeLeftovers(libvirt);
            libvirt.close();
            RawTinyGuest.deleteTree(work);
        }
        report(loadBefore);
        return 0;
    }

    /**
     * The adapter reports its node to the service in the background; until then a create has nowhere
     * to go. One whole create, retried until the service takes it, is also the first warm-up.
     */
    private void awaitNodeKnown(WorkspaceClient client, Connect libvirt, LoggedEventTimes events) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                viaService(client, libvirt, events, null, null, null, null);
                return;
            } catch (ServiceCallException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static Create request() {
        return new WorkspaceRequestBuilder().image("tiny").vcpus(RawTinyGuest.VCPUS).memoryMiB(RawTinyGuest.MEMORY_MIB)
                .diskMiB(RawTinyGuest.DISK_MIB).kernel("tiny-kernel").initrd("tiny-initrd")
                .kernelArgs(RawTinyGuest.KERNEL_ARGS).duration(Duration.ofHours(1)).build();
    }

    /** One create through the service, timed from sending Create to the client seeing Running. */
    private Sample viaService(WorkspaceClient client, Connect libvirt, LoggedEventTimes events, String compareAsOwner,
                              String arch, Path rawDir, Path images) throws Exception {
        long sent = System.nanoTime();
        CreateResponse created = client.create(request());
        long returned = System.nanoTime();
        String id = created.getWorkspaceId();
        madeIds.add(id);
        try {
            WorkspaceStateType state = created.getState();
            long seen = -1;
            if (listener != null && state != WorkspaceStateType.RUNNING) {
                var heard = runningHeard.computeIfAbsent(id, k -> new java.util.concurrent.CompletableFuture<>());
                client.subscribe(created.getWorkspaceReference(), listener.reference(listenerUrl), null, null);
                // Running may have come before the subscription: one read after it settles that.
                WorkspaceProperties now = client.status(created.getWorkspaceReference());
                if (now.getState() == WorkspaceStateType.RUNNING) {
                    seen = System.nanoTime();
                } else {
                    seen = heard.get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
                runningHeard.remove(id);
                state = WorkspaceStateType.RUNNING;
            }
            while (state != WorkspaceStateType.RUNNING) {
                Thread.sleep(pollMillis);
                WorkspaceProperties p = client.status(created.getWorkspaceReference());
                state = p.getState();
                if (state == WorkspaceStateType.CORRUPTED) {
                    throw new IllegalStateException("workspace " + id + " failed to deploy: " + p.getStateCause());
                }
                if (System.nanoTime() - sent > 120_000_000_000L) {
                    throw new IllegalStateException("workspace " + id + " not Running after 120 s, still " + state);
                }
            }
            if (seen < 0) {
                seen = System.nanoTime();
            }
            if (compareAsOwner != null) {
                compareWithRaw(libvirt, id, arch, rawDir, images, compareAsOwner);
            }
            // The Running line is logged just after the commit, so a poll can see Running before it is written.
            long marksDeadline = System.nanoTime() + 2_000_000_000L;
            while (events.of(id, "workspace.running").isEmpty() && System.nanoTime() < marksDeadline) {
                Thread.sleep(1);
            }
            Optional<LoggedEventTimes.Mark> started = events.of(id, "domain.started");
            Optional<LoggedEventTimes.Mark> running = events.of(id, "workspace.running");
            events.forget(id);
            return new Sample(seen - sent, returned - sent,
                    started.map(m -> m.nanos() - m.millis() * 1_000_000L - sent).orElse(-1L),
                    started.map(m -> m.nanos() - sent).orElse(-1L),
                    running.map(m -> m.nanos() - sent).orElse(-1L));
        } finally {
            client.destroy(created.getWorkspaceReference());
            awaitGone(libvirt, id);
        }
    }

    /**
     * The site's own adapter, its node endpoint called in this process: no service, no TLS. Set
     * between the other two, it tells the adapter's share of the service's time from the rest.
     */
    private long viaAdapterEndpoint(SiteAdapter adapter, Connect libvirt) throws Exception {
        String id = UUID.randomUUID().toString();
        madeIds.add(id);
        long t = System.nanoTime();
        try {
            adapter.endpoint().deployWorkspace(RealBootTiming.deploy(id));
            return System.nanoTime() - t;
        } finally {
            DestroyWorkspace destroy = new DestroyWorkspace();
            destroy.setWorkspaceId(id);
            adapter.endpoint().destroyWorkspace(destroy);
            awaitGone(libvirt, id);
        }
    }

    /** Raw libvirt-java: disk file, define, start, until libvirt says the domain runs. */
    private long viaRawLibvirt(Connect libvirt, String arch, Path rawDir, Path images, String owner) throws Exception {
        long t = System.nanoTime();
        try (RawTinyGuest guest = RawTinyGuest.start(libvirt, arch, rawDir, images.resolve("tiny-kernel"),
                images.resolve("tiny-initrd"), owner)) {
            madeIds.add(guest.workspaceId());
            if (!guest.running()) {
                throw new IllegalStateException("libvirt started domain " + guest.workspaceId() + " but it is not running");
            }
            return System.nanoTime() - t;
        }
    }

    /** Once per run, untimed: the service's domain and a raw one must be the same guest. */
    private void compareWithRaw(Connect libvirt, String serviceId, String arch, Path rawDir, Path images, String owner)
            throws Exception {
        String serviceXml = libvirt.domainLookupByName(DomainXml.domainName(serviceId)).getXMLDesc(2);
        try (RawTinyGuest guest = RawTinyGuest.start(libvirt, arch, rawDir, images.resolve("tiny-kernel"),
                images.resolve("tiny-initrd"), owner)) {
            madeIds.add(guest.workspaceId());
            List<String> differences = DomainXmlDifferences.between(serviceXml, serviceId, guest.definedXml(),
                    guest.workspaceId());
            System.out.println("real-create: domain XML, service (-) against raw (+), apart from ids, UUIDs, MACs and "
                    + "directories: " + (differences.isEmpty() ? "identical" : differences.size() + " lines differ"));
            differences.forEach(d -> System.out.println("real-create:   " + d));
        }
    }

    /** The service may answer a destroy before the node has finished: the next start must not overlap it. */
    private static void awaitGone(Connect libvirt, String id) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (exists(libvirt, id)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("domain of workspace " + id + " still there 30 s after its destroy");
            }
            Thread.sleep(20);
        }
    }

    private static boolean exists(Connect libvirt, String id) {
        try {
            libvirt.domainLookupByName(DomainXml.domainName(id));
            return true;
        } catch (LibvirtException e) {
            return false;
        }
    }

    /** Whatever a failure left behind on the node: every domain this run made, destroyed and undefined. */
    private void removeLeftovers(Connect libvirt) {
        for (String id : madeIds) {
            try {
                Domain d = libvirt.domainLookupByName(DomainXml.domainName(id));
                if (d.isActive() == 1) {
                    d.destroy();
                }
                d.undefine();
                System.out.println("real-create: removed leftover domain of " + id);
            } catch (LibvirtException absent) {
                // Gone already, as it should be.
            }
        }
    }

    private void report(String loadBefore) {
        System.out.printf("real-create: %d creates of each kind after %d unmeasured, rotating; tiny guest (%d vCPU, "
                        + "%d MiB, %d MiB disk) on %s (software emulation), %d cores, load average %s before, %s after%n",
                creates, warmup, RawTinyGuest.VCPUS, RawTinyGuest.MEMORY_MIB, RawTinyGuest.DISK_MIB, LIBVIRT,
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        line("raw libvirt-java: disk file, define, start -> running", raw);
        line("adapter's node endpoint in-process: deploy (no service)", adapterInProcess);
        line("service: Create (mutual TLS) -> Running seen by client", service);
        System.out.printf("real-create: overhead service/raw - 1: p50 %+.1f %%, p99 %+.1f %%, mean %+.1f %%; "
                        + "median of the %d pairs' ratios %+.1f %%%n",
                overhead(service.quantileMillis(0.5), raw.quantileMillis(0.5)),
                overhead(service.quantileMillis(0.99), raw.quantileMillis(0.99)),
                overhead(1 / service.perSecond(), 1 / raw.perSecond()), pairRatios.size(),
                (median(pairRatios) - 1) * 100);
        timeline.print(listener != null ? "by notification" : "polls " + pollMillis + " ms apart");
    }

    private static void line(String what, LatencyRecorder r) {
        System.out.printf("real-create: %-55s n=%d  p50=%.1f ms  p99=%.1f ms  %.2f per s%n", what, r.count(),
                r.quantileMillis(0.5), r.quantileMillis(0.99), r.perSecond());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double overhead(double service, double raw) {
        return (service / raw - 1) * 100;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }


    /** One of the three paths, timed, in the order of the round. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * The moments of one create through the service, each counted from sending Create: the client
     * seeing Running, the call's return, the adapter's deploy (begun: its logged end less the
     * duration it logs, to the millisecond), the service's Running commit. -1 where nothing was logged.
     */
    record Sample(long seen, long createReturned, long deployBegan, long deployEnded, long runningCommitted) {
    }

    /**
     * Where the service's time goes: each create cut into consecutive steps at its moments,
     * and the p50 of each step over the creates (p50s of steps need not add up to the p50 total).
     */
    private static final class ServiceTimeline {
        private final LatencyRecorder returned = new LatencyRecorder();
        private final LatencyRecorder toDeploy = new LatencyRecorder();
        private final LatencyRecorder deploy = new LatencyRecorder();
        private final LatencyRecorder toCommit = new LatencyRecorder();
        private final LatencyRecorder toSeen = new LatencyRecorder();
        private int unlogged;

        void add(Sample s) {
            returned.record(s.createReturned());
            if (s.deployBegan() < 0 || s.runningCommitted() < 0) {
                unlogged++;
                return;
            }
            toDeploy.record(s.deployBegan());
            deploy.record(s.deployEnded() - s.deployBegan());
            toCommit.record(s.runningCommitted() - s.deployEnded());
            toSeen.record(s.seen() - s.runningCommitted());
        }

        void print(String how) {
            System.out.println("real-create: the service's creates step by step (ms; from the site's log lines, "
                    + "same clock):");
            step("Create sent -> adapter begins the deploy", toDeploy);
            step("  (Create call returned to the client, from sending)", returned);
            step("adapter's deploy: disk, XML, define, start", deploy);
            step("adapter done -> service committed Running", toCommit);
            step("committed -> client saw Running (" + how + ")", toSeen);
            if (unlogged > 0) {
                System.out.println("real-create:   (" + unlogged + " creates without their adapter or Running log line)");
            }
        }

        private static void step(String what, LatencyRecorder r) {
            System.out.printf("real-create:   %-62s p50=%7.1f  p99=%7.1f%n", what, r.quantileMillis(0.5),
                    r.quantileMillis(0.99));
        }
    }
}
