package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.adapter.AdapterCommand;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.server.ServerCommand;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agora-server} and {@code agora-adapter} as the processes a site runs, stopped with SIGTERM
 * as an init system stops them while the server's liveness watch (a long poll held open by the
 * adapter) is in flight: each must log its own lines and nothing else (no stack trace, no CXF
 * complaint about an interceptor unwinding or a port still in use) and exit 0 without waiting for the
 * long poll to run out.
 */
class ProcessStopSystemTest {
    /** Well below the 25 s a watch is held open: a stop that waited for the poll would miss it. */
    private static final long STOP_SECONDS = 20;

    @TempDir
    Path dir;

    @Test
    void serverAndAdapterStoppedMidWatchLogNoStackTraceAndExitZero() throws Exception {
        int serverPort = portBelowEphemeralRange();
        int adapterPort = portBelowEphemeralRange();
        Path site = dir.resolve("site");
        // The configuration files and credentials the demo makes, on this JVM's embedded MariaDB: the
        // server process opens its database by the fixed name, which no one else uses there.
        AllInOne.Options options = new AllInOne.Options(site, serverPort, adapterPort, "test:///default",
                TestDatabases.embedded().url(), org.agora.deploy.server.AgoraServer.DATABASE_NAME);
        AllInOne.start(options).close();

        Path adapterLog = dir.resolve("adapter.log");
        Path serverLog = dir.resolve("server.log");
        Process adapter = start(AdapterCommand.class, site.resolve("agora-adapter.properties"), adapterLog);
        Process server = null;
        try {
            awaitServing(adapter, adapterLog, "agora-adapter: serving");
            server = start(ServerCommand.class, site.resolve("agora-server.properties"), serverLog);
            awaitServing(server, serverLog, "agora-server: serving");
            try (WorkspaceClient client = new WorkspaceClient(URI.create("https://localhost:" + serverPort + "/agora"),
                    new TlsMaterial(GridCredential.fromProxyFile(options.dataDir().resolve("user/proxy.pem")),
                            TrustAnchors.fromDirectory(options.dataDir().resolve("certificates"))))) {
                CreateResponse created = client.create(new WorkspaceRequestBuilder().image("debian-12").vcpus(1)
                        .memoryMiB(128).duration(Duration.ofHours(1)).build());
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> client.status(created.getWorkspaceReference()).getState() == WorkspaceStateType.RUNNING);
            }
            // The domain's start answered the server's watch, which asked again at once: one is in
            // flight now, held by the adapter until the next event or 25 s.
            await().atMost(Duration.ofSeconds(30)).until(() -> log(adapterLog).contains("event=domain.started"));

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(STOP_SECONDS, TimeUnit.SECONDS), "agora-server stops within " + STOP_SECONDS + " s");
            assertEquals(0, server.exitValue(), "agora-server exit status after SIGTERM; its log:\n" + log(serverLog));
            adapter.destroy();
            assertTrue(adapter.waitFor(STOP_SECONDS, TimeUnit.SECONDS), "agora-adapter stops within " + STOP_SECONDS + " s");
            assertEquals(0, adapter.exitValue(), "agora-adapter exit status after SIGTERM; its log:\n" + log(adapterLog));
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor();
            }
            adapter.destroyForcibly().waitFor();
        }
        assertOnlyOwnLines("agora-server", log(serverLog), "event=server.stopped");
        assertOnlyOwnLines("agora-adapter", log(adapterLog), "event=adapter.stopped");
    }

    private static void assertOnlyOwnLines(String process, String log, String lastWord) {
        List<String> noise = log.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")
                || l.contains("unwinding now") || l.contains("still in use")).toList();
        assertTrue(noise.isEmpty(), process + " logged " + noise.size() + " lines of noise on a normal stop, first "
                + noise.stream().limit(3).toList() + "; whole log:\n" + log);
        assertTrue(log.contains(lastWord), process + " says it stopped (" + lastWord + "); its log:\n" + log);
    }

    /**
     * A free port the kernel does not hand out for outgoing connections: the ports are chosen minutes
     * before the processes bind them (the embedded database starts in between, and its pool's
     * connections take ephemeral ports).
     */
    private static int portBelowEphemeralRange() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int tries = 0; tries < 100; tries++) {
            int port = 20_000 + random.nextInt(10_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 30000");
    }

    /**
     * Until the process says it serves (its port opens earlier, with the first endpoint, before the
     * process is ready to be stopped); a process that died on the way fails at once, with its log.
     */
    private static void awaitServing(Process p, Path log, String serving) throws IOException {
        await().atMost(Duration.ofMinutes(3)).until(() -> !p.isAlive() || log(log).contains(serving));
        assertTrue(p.isAlive(), "the process ended before serving; its log:\n" + log(log));
    }

    private static Process start(Class<?> main, Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(), "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static String log(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
