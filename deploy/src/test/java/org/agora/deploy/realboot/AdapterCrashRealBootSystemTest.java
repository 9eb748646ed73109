package org.agora.deploy.realboot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.AdapterProcesses;
import org.agora.deploy.AgoraCli;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.TinyGuest;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter process killed (SIGKILL) while its real guest is still booting: QEMU runs on under
 * libvirtd, the restarted adapter adopts the domain, the service still shows the workspace Running,
 * the guest reaches its marker, and a destroy then leaves neither domain nor volume.
 */
class AdapterCrashRealBootSystemTest {
    @TempDir
    Path dir;

    @Test
    void anAdapterKilledMidBootAdoptsItsRunningGuestAfterRestartAndLosesNothing() throws Exception {
        RealBootTest.connectOrSkip().close();
        TinyGuest.letQemuIn(dir, dir);
        int adapterPort = FreePorts.next();
        Path siteDir = dir.resolve("site");
        AllInOne.Options options = new AllInOne.Options(siteDir, FreePorts.next(), adapterPort, RealBootTest.URI,
                null, TestDatabases.freshName("agora_crash"))
                .withAdapterSetting("agora.adapter.networks", DomainDefinition.NetworkInterface.USER_MODE)
                .withAdapterSetting(AdapterSettings.DOMAIN_TYPE.key(), RealBootTest.DOMAIN_TYPE.value());
        Path storage = siteDir.resolve("adapter/storage");
        Process adapter = null;
        try (AllInOne site = AllInOne.start(options);
             LibvirtHypervisor libvirt = LibvirtHypervisor.connect(RealBootTest.URI)) {
            Path images = Files.createDirectories(storage.resolve("images"));
            Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
            TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
            TinyGuest.letQemuIn(images, dir);
            site.adapter().close();
            adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), dir.resolve("adapter.log"));
            AdapterProcesses.awaitListening(adapterPort);

            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            AgoraCli.Run created = cli.run("workspace", "create", "--image", "tiny", "--memory", "128", "--disk", "16",
                    "--hours", "1", "--kernel", "tiny-kernel", "--initrd", "tiny-initrd", "--kernel-args",
                    "console=ttyS0", "--wait");
            assertEquals(0, created.exit(), created.err());
            String id = created.out().split("\\s+")[1];
            adapter.destroyForcibly().waitFor(); // the guest is seconds from its marker: mid-boot
            assertEquals(DomainState.RUNNING, libvirt.status(id).state(), "QEMU runs on without its adapter");

            adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), dir.resolve("adapter.log"));
            AdapterProcesses.awaitListening(adapterPort);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cli.run("workspace", "console", id).out().contains(TinyGuest.READY));
            AgoraCli.Run status = cli.run("workspace", "status", id);
            assertTrue(status.out().contains("Running"), "the service's view is libvirt's: " + status.out());
            assertTrue(Files.readString(dir.resolve("adapter.log")).contains("event=reconcile.adopted workspace=" + id),
                    "the restarted adapter adopted the running domain");

            assertEquals(0, cli.run("workspace", "destroy", id).exit());
            assertEquals(DomainState.ABSENT, libvirt.status(id).state());
            assertTrue(AdapterProcesses.entries(storage.resolve("workspaces")).isEmpty(), "no volume left behind");
        } finally {
            if (adapter != null) {
                adapter.destroyForcibly().waitFor();
            }
        }
    }
}
