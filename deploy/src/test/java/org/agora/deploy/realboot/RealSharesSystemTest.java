package org.agora.deploy.realboot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.AgoraCli;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.TinyGuest;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The market's proportional share on real guests, end to end: two users' workspaces on one QEMU
 * node, created with bids whose rates are 1 : 3, each guest spinning on its CPU; both domains
 * pinned to the same host CPU (as an admin would with virsh vcpupin and emulatorpin), so the host
 * scheduler must divide that CPU by the cpu_shares the market pushed. Over 45 s of that CPU's time the
 * guests' CPU times must be within 10 % of 1 : 3.
 */
class RealSharesSystemTest {
    private static final String USER = "/DC=org/DC=agora-demo/CN=Demo User";
    /** CPU time the two guests share while their split is measured: 45 s, about a minute on a quiet host. */
    private static final long WINDOW_CPU_NANOS = 45_000_000_000L;

    @TempDir
    Path dir;

    /** Two busy tiny guests on a real QEMU node, created with bids 10 and 30; what a test does with them. */
    @FunctionalInterface
    private interface WithGuests {
        void run(String[] ids, Connect admin, LibvirtHypervisor libvirt) throws Exception;
    }

    private void withTwoBidGuests(boolean caps, WithGuests body) throws Exception {
        RealBootTest.connectOrSkip().close();
        TinyGuest.letQemuIn(dir, dir);
        int adapterPort = FreePorts.next();
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), adapterPort,
                RealBootTest.URI, null, TestDatabases.freshName("agora_real"))
                .withServerSetting("agora.bank.admins", USER)
                .withServerSetting("agora.market.interval", "PT0.5S")
                .withServerSetting("agora.market.caps", Boolean.toString(caps))
                .withAdapterSetting("agora.adapter.networks", DomainDefinition.NetworkInterface.USER_MODE)
                .withAdapterSetting(AdapterSettings.DOMAIN_TYPE.key(), RealBootTest.DOMAIN_TYPE.value())
                .withAdapterSetting("agora.adapter.readiness.marker", TinyGuest.READY);
        String[] ids = new String[2];
        Connect admin = new Connect(RealBootTest.URI, false);
        try (AllInOne site = AllInOne.start(options);
             LibvirtHypervisor libvirt = LibvirtHypervisor.connect(RealBootTest.URI)) {
            Path images = Files.createDirectories(dir.resolve("site/adapter/storage/images"));
            Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
            TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
            TinyGuest.letQemuIn(images, dir);
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            String node = "localhost:" + adapterPort;
            await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("hosts").out().contains(node));
            assertEquals(0, cli.run("bank", "mint", "--to", USER, "--amount", "100").exit());

            String[] bids = {"10", "30"};
            try {
                for (int i = 0; i < 2; i++) {
                    AgoraCli.Run created = cli.run("workspace", "create", "--image", "tiny", "--memory", "128",
                            "--disk", "16", "--hours", "1", "--kernel", "tiny-kernel", "--initrd", "tiny-initrd",
                            "--kernel-args", "console=ttyS0 quiet", "--bid", bids[i], "--host", node, "--wait", "--ready");
                    assertEquals(0, created.exit(), created.err());
                    assertTrue(created.err().contains("ready after"), created.err());
                    ids[i] = created.out().split("\\s+")[1];
                }
                for (String id : ids) {
                    // --ready returned once the site's readiness marker was on the console: it is there now.
                    assertTrue(cli.run("workspace", "console", id).out().contains(TinyGuest.READY));
                }
                body.run(ids, admin, libvirt);
                for (int i = 0; i < 2; i++) {
                    assertEquals(0, cli.run("workspace", "destroy", ids[i]).exit());
                }
                // Accounting keeps the CPU time the node reported while each guest ran (its domain is
                // gone now): seconds of it, as each spun for 20 s or more, and no more than one vCPU and
                // its emulator can use in the workspace's wall time.
                String apel = cli.run("usage", "export", "--format", "apel").out();
                for (int i = 0; i < 2; i++) {
                    String id = ids[i];
                    String record = java.util.Arrays.stream(apel.split("\n%%\n"))
                            .filter(r -> r.contains("VMUUID: " + id + "\n")).findFirst()
                            .orElseThrow(() -> new AssertionError("no record of " + id + ": " + apel));
                    long cpu = Long.parseLong(field(record, "CpuDuration"));
                    long wall = Long.parseLong(field(record, "WallDuration"));
                    assertTrue(cpu >= 5 && cpu <= 2 * wall + 10, "CPU " + cpu + " s in " + wall + " s: " + record);
                    ids[i] = null;
                }
            } finally {
                for (String id : ids) {
                    if (id != null) {
                        cli.run("workspace", "destroy", id);
                    }
                }
            }
        } finally {
            admin.close();
        }
    }

    private static String field(String apelRecord, String key) {
        return apelRecord.lines().filter(l -> l.startsWith(key + ": ")).findFirst()
                .map(l -> l.substring(key.length() + 2)).orElseThrow(() -> new AssertionError(key + " missing: " + apelRecord));
    }

    @Test
    void twoBusyGuestsOnOneCpuGetCpuTimeInTheRatioOfTheirBidRates() throws Exception {
        withTwoBidGuests(false, (ids, admin, libvirt) -> {
            // The whole domain on host CPU 0, its emulator threads too: the kernel splits a cgroup's
            // cpu.shares across CPUs by where its threads' load is, so an emulator left free to run on
            // the other CPU takes part of its domain's weight there. With only the virtual CPU pinned,
            // the split came out at 0.288-0.305 (low guest 22-23 % of the pair, 9-12 % under its
            // quarter, failing CI once); with the domain pinned, 0.330-0.333.
            for (String id : ids) {
                admin.domainLookupByName("agora-" + id).pinVcpu(0, new int[] {1}); // bitmap: host CPU 0
                pinEmulatorToCpu0("agora-" + id);
            }
            // The market pushes cpu_shares in the ratio of the rates (the highest at the top of the range;
            // the two windows started seconds apart, so the rates are 1 : 3 within a hundredth of a percent).
            await().atMost(Duration.ofSeconds(20)).until(() -> libvirt.cpuWeight(ids[1]) == 262_144
                    && Math.abs(libvirt.cpuWeight(ids[0]) * 3.0 / 262_144 - 1) < 0.005);

            long[] before = {cpuNanos(admin, ids[0]), cpuNanos(admin, ids[1])};
            long started = System.nanoTime();
            // The split is measured over a fixed amount of the pinned CPU's work, awaited, not over a fixed
            // wall time: other builds on a shared host slow both guests down (the window grows) without
            // changing how the CPU's time between them is divided.
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                    cpuNanos(admin, ids[0]) - before[0] + cpuNanos(admin, ids[1]) - before[1] >= WINDOW_CPU_NANOS);
            long[] after = {cpuNanos(admin, ids[0]), cpuNanos(admin, ids[1])};
            double low = after[0] - before[0];
            double high = after[1] - before[1];
            double ratio = low / high;
            System.out.printf("real shares: %.1f s : %.1f s of CPU in %.1f s, ratio %.3f (bid rates 1 : 3)%n",
                    low / 1e9, high / 1e9, (System.nanoTime() - started) / 1e9, ratio);
            // "Within 10 % of 1:3": each guest's CPU time within 10 % of what a 1:3 split of the two's
            // total gives it (a quarter and three quarters). The quotient of the two compounds both
            // errors: on 2 cores with ~25 % steal it came out at 0.298-0.321 while the low guest's
            // time was 3-8 % under its quarter.
            double total = low + high;
            assertTrue(Math.abs(low - total / 4) <= 0.1 * total / 4 && Math.abs(high - 3 * total / 4) <= 0.1 * 3 * total / 4,
                    "CPU time " + low / 1e9 + " s vs " + high / 1e9 + " s (ratio " + ratio
                            + ") is not within 10 % of a 1:3 split of " + total / 1e9 + " s");
        });
    }

    /**
     * With {@code agora.market.caps}, a share is also a ceiling: unpinned, each busy guest could have
     * a host CPU to itself, but the one whose bid is a quarter of the host's rates may use a quarter of
     * the host's CPUs (on a 2-CPU node: 50 % of one), however idle the rest is.
     */
    @Test
    void withCapsABusyGuestGetsNoMoreThanItsShareOfTheHostEvenWithCpuToSpare() throws Exception {
        withTwoBidGuests(true, (ids, admin, libvirt) -> {
            int hostCpus = admin.nodeInfo().cpus;
            int lowCap = (int) Math.round(0.25 * hostCpus * 100);
            // The adapter reports the cap it applied: the market's push has reached libvirt.
            await().atMost(Duration.ofSeconds(20)).until(() -> cpuCap(libvirt, ids[0]) == lowCap);
            long before = cpuNanos(admin, ids[0]);
            long started = System.nanoTime();
            // A fixed window again: the capped guest spins meanwhile.
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(20));
            double used = (cpuNanos(admin, ids[0]) - before) / (double) (System.nanoTime() - started);
            System.out.printf("real caps: the guest bidding a quarter used %.0f %% of one CPU (cap %d %%)%n",
                    used * 100, lowCap);
            assertTrue(used <= lowCap / 100.0 * 1.15, "used " + used * 100 + " % of a CPU, over its cap of " + lowCap + " %");
        });
    }

    private static int cpuCap(LibvirtHypervisor libvirt, String workspaceId) throws Exception {
        return libvirt.cpuCap(workspaceId);
    }

    /** As an admin would: libvirt-java has no binding for virDomainPinEmulator. */
    private static void pinEmulatorToCpu0(String domain) throws Exception {
        Process p = new ProcessBuilder("virsh", "-c", RealBootTest.URI, "emulatorpin", domain, "0")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "virsh emulatorpin " + domain + ": " + out);
    }

    private static long cpuNanos(Connect admin, String workspaceId) throws Exception {
        return admin.domainLookupByName("agora-" + workspaceId).getInfo().cpuTime;
    }
}
