package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.deploy.server.AgoraServer;
import org.agora.deploy.server.ServerSettings;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace service as its own process, killed with SIGKILL after it
 * recorded a destroy (the workspace is Cancelled) and before it told the node. Started again on
 * its database, as a supervisor would, its first reconciliation
 * must finish the destroy, under the default orphan policy (report), since Agora itself ended that
 * workspace. The adapter runs in a process of its own, so the node (libvirt's test driver) keeps
 * the domain through the service's death.
 */
class ServiceCrashSystemTest {
    @TempDir
    Path dir;

    @Test
    void aServiceKilledBetweenRecordingCancelledAndCallingTheNodeRemovesTheDomainWhenStartedAgain() throws Exception {
        int adapterPort = FreePorts.next();
        int serverPort = FreePorts.next();
        Path siteDir = dir.resolve("site");
        String database = TestDatabases.freshName("agora_svccrash");
        DemoCredentials credentials;
        // Writes both processes' configuration files and the credentials, then steps aside.
        try (AllInOne site = AllInOne.start(new AllInOne.Options(siteDir, serverPort, adapterPort, "test:///default",
                SiteDatabases.serverOrEmbedded(), database))) {
            credentials = site.credentials();
        }
        Path serverConfig = siteDir.resolve("agora-server.properties");
        Path workspaces = siteDir.resolve("adapter/storage/workspaces");
        Path marker = dir.resolve("cancelled");
        Path adapterLog = dir.resolve("adapter.log");
        Process adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), adapterLog);
        Process server = null;
        try {
            AdapterProcesses.awaitListening(adapterPort);
            Path serverLog = dir.resolve("server.log");
            server = startHaltingServer(serverConfig, database, marker, serverLog);
            Process starting = server;
            // A service start on a loaded machine can outlast the adapter's minute; it says when it serves.
            await().atMost(Duration.ofMinutes(4)).until(() -> !starting.isAlive()
                    || Files.readString(serverLog).contains("agora-server: serving"));
            assertTrue(server.isAlive(), () -> "the service did not start: " + read(serverLog));
            String id;
            try (WorkspaceClient client = new WorkspaceClient(URI.create("https://localhost:" + serverPort + "/agora"),
                    new TlsMaterial(GridCredential.fromProxyFile(credentials.userProxy()),
                            TrustAnchors.fromDirectory(credentials.certificatesDir())))) {
                CreateResponse created = client.create(new WorkspaceRequestBuilder().image("debian-12").vcpus(1)
                        .memoryMiB(128).duration(Duration.ofHours(1)).build());
                id = created.getWorkspaceId();
                EndpointReferenceType epr = created.getWorkspaceReference();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);
                // The destroy never answers: the service is killed inside it.
                CompletableFuture.runAsync(() -> {
                    try {
                        client.destroy(epr);
                    } catch (Exception expected) {
                        // The connection dies with the service.
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
                server.destroyForcibly().waitFor(); // SIGKILL between the database and the node
            }
            assertEquals(id, Files.readString(marker));
            assertEquals(Set.of(id), AdapterProcesses.entries(workspaces), "the node was never told: its disk is there");

            try (AgoraServer again = AgoraServer.start(ServerSettings.SCHEMA.load(serverConfig), database)) {
                // Start-up reconciles every node before it publishes its endpoints.
                assertEquals(Set.of(), AdapterProcesses.entries(workspaces), "the destroy was finished at start");
                assertTrue(Files.readString(adapterLog).contains("event=domain.undefined workspace=" + id),
                        "the node undefined the domain");
            }
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor();
            }
            adapter.destroyForcibly().waitFor();
            // A failure before the restart leaves the killed service's mariadbd: it is ours to end.
            leftoverDatabases(siteDir).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Process startHaltingServer(Path config, String database, Path marker, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ServerHaltingAfterCancel.class.getName(), config.toString(), database, marker.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<ProcessHandle> leftoverDatabases(Path siteDir) {
        String under = siteDir.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("mariadbd") && c.contains("--datadir=") && c.contains(under)).orElse(false))
                .toList();
    }
}
