package org.agora.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.service.DiskPolicy;
import org.agora.adapter.service.Networks;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.deploy.demo.TinyGuest;
import org.libvirt.Connect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A real guest (the tiny guest: Debian's cloud kernel, busybox initramfs) from nothing to its
 * readiness marker on the serial console, on qemu:///system: through the adapter's node endpoint
 * (disk prepared, XML built, define + start), against raw libvirt-java defining and starting the
 * same XML on a disk made by hand, alternating, in one run. The difference is the adapter's share.
 */
@Command(name = "real-boot", mixinStandardHelpOptions = true)
public final class RealBootTiming implements Callable<Integer> {
    @Option(names = "--boots", defaultValue = "5", description = "Boots of each kind (default: ${DEFAULT-VALUE}).")
    int boots;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RealBootTiming()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (TinyGuest.missing().isPresent()) {
            System.out.println("real-boot: cannot run here: " + TinyGuest.missing().get());
            return 1;
        }
        Path work = Files.createTempDirectory("agora-real-boot");
        TinyGuest.letQemuIn(work, work);
        RawCopyStorage storage = new RawCopyStorage(work.resolve("storage"));
        Path images = Files.createDirectories(work.resolve("storage/images"));
        Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
        TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
        TinyGuest.letQemuIn(images, work);
        LatencyRecorder adapterBoots = new LatencyRecorder();
        LatencyRecorder rawBoots = new LatencyRecorder();
        LatencyRecorder adapterCalls = new LatencyRecorder();
        LatencyRecorder rawCalls = new LatencyRecorder();
        Path rawDir = Files.createDirectories(work.resolve("raw"));
        Connect raw = new Connect("qemu:///system", false);
        try (SiteAdapter adapter = new SiteAdapter(LibvirtHypervisor.connect("qemu:///system", false,
                org.agora.adapter.hypervisor.DomainTypeChoice.QEMU), storage,
                new Capacity(0, 0, 10_000), DiskPolicy.ROOT_ONLY,
                new Networks(List.of(DomainDefinition.NetworkInterface.USER_MODE), null), Duration.ofSeconds(2))) {
            String arch = raw.nodeInfo().model;
            for (int i = 0; i < boots; i++) {
                String id = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                adapter.endpoint().deployWorkspace(deploy(id));
                adapterCalls.record(System.nanoTime() - t0);
                awaitMarker(storage.consoleLog(id));
                adapterBoots.record(System.nanoTime() - t0);
                DestroyWorkspace destroy = new DestroyWorkspace();
                destroy.setWorkspaceId(id);
                adapter.endpoint().destroyWorkspace(destroy);

                long t1 = System.nanoTime();
                try (RawTinyGuest guest = RawTinyGuest.start(raw, arch, rawDir, images.resolve("tiny-kernel"),
                        images.resolve("tiny-initrd"), "/CN=bench")) {
                    rawCalls.record(System.nanoTime() - t1);
                    awaitMarker(guest.console());
                    rawBoots.record(System.nanoTime() - t1);
                }
            }
        } finally {
            raw.close();
            RawTinyGuest.deleteTree(work);
        }
        double viaAdapter = adapterBoots.quantileMillis(0.5);
        double direct = rawBoots.quantileMillis(0.5);
        System.out.printf("real-boot: %d boots each, tiny guest, qemu:///system (software emulation), %d cores%n", boots,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("real-boot: to marker through the adapter p50 %.0f ms (its deploy call p50 %.1f ms); raw "
                + "libvirt-java p50 %.0f ms; adapter's share %.1f %%%n", viaAdapter, adapterCalls.quantileMillis(0.5),
                direct, 100 * (viaAdapter - direct) / viaAdapter);
        System.out.printf("real-boot: define + start on QEMU: through the adapter p50 %.1f ms, raw libvirt-java (disk file, "
                + "define, start) p50 %.1f ms; adapter overhead %.1f %%%n", adapterCalls.quantileMillis(0.5),
                rawCalls.quantileMillis(0.5), 100 * (adapterCalls.quantileMillis(0.5) - rawCalls.quantileMillis(0.5))
                        / rawCalls.quantileMillis(0.5));
        return 0;
    }

    /** The node's deploy request for the tiny guest, as the service would send it. */
    static DeployWorkspace deploy(String id) {
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("tiny");
        spec.setOwner("/CN=bench");
        spec.setImage("tiny");
        spec.setVcpus(RawTinyGuest.VCPUS);
        spec.setMemoryMiB(RawTinyGuest.MEMORY_MIB);
        spec.setDiskMiB(RawTinyGuest.DISK_MIB);
        spec.setKernel("tiny-kernel");
        spec.setInitrd("tiny-initrd");
        spec.setKernelArgs(RawTinyGuest.KERNEL_ARGS);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        return d;
    }

    /** Polls the console file every 5 ms: the marker is the end of the boot being timed. */
    private static void awaitMarker(Path console) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(console) && Files.readString(console).contains(TinyGuest.READY)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no " + TinyGuest.READY + " on " + console + " within 120 s");
    }
}
