package org.agora.deploy.realboot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.AdapterProcesses;
import org.agora.deploy.AgoraCli;
import org.agora.deploy.SiteDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.TinyGuest;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destroy the node never finished, on real QEMU: the adapter process is killed (SIGKILL) in the
 * middle of a destroy, after the guest was stopped and before its domain was undefined, so the
 * service records the workspace Cancelled and tells the user the node will be cleaned at its next
 * reconciliation. When the adapter comes back, that reconciliation must undefine the domain and
 * remove its disk, under the default orphan policy (report): Agora ended that workspace itself.
 */
class AdapterCrashMidDestroyRealBootSystemTest {
    @TempDir
    Path dir;

    @Test
    void aDestroyCutShortByAnAdapterKillIsFinishedWhenTheAdapterComesBack() throws Exception {
        LibvirtHypervisor probe = RealBootTest.connectOrSkip();
        probe.close();
        TinyGuest.letQemuIn(dir, dir);
        int adapterPort = FreePorts.next();
        Path siteDir = dir.resolve("site");
        AllInOne.Options options = new AllInOne.Options(siteDir, FreePorts.next(), adapterPort, RealBootTest.URI,
                SiteDatabases.serverOrEmbedded(), TestDatabases.freshName("agora_middestroy"))
                .withAdapterSetting("agora.adapter.networks", DomainDefinition.NetworkInterface.USER_MODE)
                .withAdapterSetting(AdapterSettings.DOMAIN_TYPE.key(), RealBootTest.DOMAIN_TYPE.value());
        Path storage = siteDir.resolve("adapter/storage");
        Path log = dir.resolve("adapter.log");
        Process adapter = null;
        String id = null;
        try (AllInOne site = AllInOne.start(options);
             LibvirtHypervisor libvirt = LibvirtHypervisor.connect(RealBootTest.URI, false, RealBootTest.DOMAIN_TYPE)) {
            Path images = Files.createDirectories(storage.resolve("images"));
            Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
            TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
            TinyGuest.letQemuIn(images, dir);
            site.adapter().close();
            adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), log);
            AdapterProcesses.awaitListening(adapterPort);

            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            AgoraCli.Run created = cli.run("workspace", "create", "--image", "tiny", "--memory", "128", "--disk", "16",
                    "--hours", "1", "--kernel", "tiny-kernel", "--initrd", "tiny-initrd", "--kernel-args",
                    "console=ttyS0", "--wait");
            assertEquals(0, created.exit(), created.err());
            id = created.out().split("\\s+")[1];

            adapter.destroyForcibly().waitFor(); // SIGKILL
            // Where the killed destroy had got to: the guest stopped, its domain and disk still there.
            forceOff(libvirt.status(id).domainName());
            assertEquals(DomainState.DEFINED, libvirt.status(id).state(), "stopped, still defined");

            AgoraCli.Run destroyed = cli.run("workspace", "destroy", id);
            assertNotEquals(0, destroyed.exit(), "the node could not be told: " + destroyed.out());
            assertTrue(destroyed.err().contains("when the node is next reconciled"), destroyed.err());

            adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), log);
            AdapterProcesses.awaitListening(adapterPort);
            String workspace = id;
            // The service hears of the adapter's new run and reconciles that node.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> libvirt.status(workspace).state() == DomainState.ABSENT);
            assertTrue(AdapterProcesses.entries(storage.resolve("workspaces")).isEmpty(),
                    "the disk went with the domain: " + AdapterProcesses.entries(storage.resolve("workspaces")));
            assertTrue(Files.readString(log).contains("event=domain.undefined workspace=" + id));
        } finally {
            if (adapter != null) {
                adapter.destroyForcibly().waitFor();
            }
            if (id != null) {
                undefineIfLeft(id);
            }
        }
    }

    /** What a killed destroy leaves: {@code virsh destroy} stops the guest and keeps the domain defined. */
    private static void forceOff(String domainName) throws Exception {
        Process virsh = new ProcessBuilder("virsh", "-c", RealBootTest.URI, "destroy", domainName)
                .redirectErrorStream(true).start();
        String out = new String(virsh.getInputStream().readAllBytes());
        assertEquals(0, virsh.waitFor(), "virsh destroy " + domainName + ": " + out);
    }

    /** libvirtd outlives the test: a domain this test failed to see removed must not stay defined. */
    private static void undefineIfLeft(String id) throws HypervisorException {
        try (LibvirtHypervisor libvirt = LibvirtHypervisor.connect(RealBootTest.URI, false, RealBootTest.DOMAIN_TYPE)) {
            if (libvirt.status(id).state() != DomainState.ABSENT) {
                libvirt.destroy(id);
            }
        }
    }
}
