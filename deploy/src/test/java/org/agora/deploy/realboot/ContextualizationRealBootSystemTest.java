package org.agora.deploy.realboot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contextualization channel end to end on a real QEMU guest: a workspace created through the
 * service with user-data gets a NoCloud seed, its guest runs the script at boot, and what the script
 * prints comes back through GetConsole; the grid job id it was created with is a resource property
 * and the usage record's GlobalJobId.
 */
class ContextualizationRealBootSystemTest {
    private static final String JOB = "https://ce.example.org:2119/16001/1700000000/";

    @TempDir
    Path dir;

    @Test
    void aGuestRunsItsUserDataScriptAndItsOutputComesBackThroughTheConsole() throws Exception {
        RealBootTest.connectOrSkip().close();
        RealPeer.require("xorriso", RealPeer.commandInstalled("xorriso"), "Debian package xorriso");
        TinyGuest.letQemuIn(dir, dir);
        Path siteDir = dir.resolve("site");
        AllInOne.Options options = new AllInOne.Options(siteDir, FreePorts.next(), FreePorts.next(), RealBootTest.URI,
                null, TestDatabases.freshName("agora_context"))
                .withAdapterSetting("agora.adapter.networks", DomainDefinition.NetworkInterface.USER_MODE)
                .withAdapterSetting(AdapterSettings.DOMAIN_TYPE.key(), RealBootTest.DOMAIN_TYPE.value());
        Path storage = siteDir.resolve("adapter/storage");
        try (AllInOne site = AllInOne.start(options);
             LibvirtHypervisor libvirt = LibvirtHypervisor.connect(RealBootTest.URI)) {
            Path images = Files.createDirectories(storage.resolve("images"));
            Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
            TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
            TinyGuest.letQemuIn(images, dir);
            Path userData = Files.writeString(dir.resolve("user-data"), "#!/bin/sh\necho CONTEXT-SEEN $((6*7))\n");

            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            AgoraCli.Run created = cli.run("workspace", "create", "--image", "tiny", "--memory", "128", "--disk", "16",
                    "--hours", "1", "--kernel", "tiny-kernel", "--initrd", "tiny-initrd", "--kernel-args",
                    "console=ttyS0 quiet panic=-1", "--user-data", userData.toString(), "--grid-job-id", JOB, "--wait");
            assertEquals(0, created.exit(), created.err());
            String handle = created.out().split("\\s+")[0];
            String id = created.out().split("\\s+")[1];
            try {
                // The script's output, not the text of the script: the shell worked out 6*7 in the guest.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> cli.run("workspace", "console", handle).out().contains("CONTEXT-SEEN 42"));

                AgoraCli.Run status = cli.run("workspace", "status", handle);
                assertTrue(status.out().contains("grid job    " + JOB), status.out());
                AgoraCli.Run ur = cli.run("usage", "export", "--format", "ur");
                assertEquals(0, ur.exit(), ur.err());
                assertTrue(ur.out().contains("<urf:GlobalJobId>" + JOB + "</urf:GlobalJobId><urf:LocalJobId>" + id
                        + "</urf:LocalJobId>"), ur.out());
            } finally {
                assertEquals(0, cli.run("workspace", "destroy", handle).exit());
            }
            assertEquals(DomainState.ABSENT, libvirt.status(id).state());
            assertFalse(Files.exists(storage.resolve("workspaces").resolve(id)), "the seed went with the workspace");
            assertTrue(AdapterProcesses.entries(storage.resolve("workspaces")).isEmpty(), "nothing left behind");
        }
    }
}
