package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agora command's group and subscribe commands against a running site, as a user types them. */
class GroupAndSubscribeCliSystemTest {
    @TempDir
    Path dir;

    @Test
    void groupCommandsAndSubscribeWorkFromTheCommandLine() throws Exception {
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(),
                FreePorts.next(), "test:///default", null, TestDatabases.freshName("agora_cli")))) {
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));

            AgoraCli.Run created = cli.run("workspace", "group", "create", "--count", "2", "--image", "debian-12",
                    "--memory", "256", "--hours", "1");
            assertEquals(0, created.exit(), created.err());
            assertTrue(created.out().startsWith("grp-001"), created.out());
            assertTrue(created.out().contains("ws-001") && created.out().contains("ws-002"), created.out());

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                AgoraCli.Run status = cli.run("workspace", "group", "status", "grp-001");
                return status.out().lines().filter(l -> l.contains("Running")).count() == 2;
            });

            // subscribe prints each change as it arrives and returns when the workspace ends.
            StringWriter printed = new StringWriter();
            CompletableFuture<Integer> subscribed = CompletableFuture.supplyAsync(() -> cli.run(
                    new PrintWriter(printed, true), new PrintWriter(new StringWriter(), true), "workspace", "subscribe",
                    "ws-001"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                // The subscription exists once a pause is heard.
                cli.run("workspace", "pause", "ws-001");
                cli.run("workspace", "resume", "ws-001");
                return printed.toString().contains("Paused");
            });

            AgoraCli.Run paused = cli.run("workspace", "group", "pause", "grp-001");
            assertEquals(0, paused.exit(), paused.err());
            assertEquals(2, paused.out().lines().filter(l -> l.contains("Paused")).count(), paused.out());
            AgoraCli.Run reboot = cli.run("workspace", "group", "reboot", "grp-001");
            assertEquals(1, reboot.exit());
            assertTrue(reboot.err().contains("2 of 2 workspaces did not reboot"), reboot.err());

            AgoraCli.Run destroyed = cli.run("workspace", "group", "destroy", "grp-001");
            assertEquals(0, destroyed.exit(), destroyed.err());
            assertEquals(0, (int) subscribed.get(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(printed.toString().contains("-> Cancelled"), printed.toString());
        }
    }
}
