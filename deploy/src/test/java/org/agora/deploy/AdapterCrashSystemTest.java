package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter as its own process, killed with SIGKILL while it prepares a workspace's disk, then
 * started again: no half-made volume may survive, and the service's view must end in agreement with
 * what the node's libvirt runs. (libvirt's test driver lives inside the adapter process, so the kill
 * also takes the node's domains, as a node crash would: the service must notice those too.)
 */
class AdapterCrashSystemTest {
    @TempDir
    Path dir;

    private static void writeImage(Path file, int mib) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk); // incompressible, no holes: the copy takes real time
                out.write(chunk);
            }
        }
    }

    @Test
    void anAdapterKilledMidPrepareLeavesNoVolumeAndTheServiceEndsInAgreementWithTheNode() throws Exception {
        int adapterPort = FreePorts.next();
        Path siteDir = dir.resolve("site");
        AllInOne.Options options = new AllInOne.Options(siteDir, FreePorts.next(), adapterPort, "test:///default",
                null, TestDatabases.freshName("agora_it"));
        Path storage = siteDir.resolve("adapter/storage");
        Path log = dir.resolve("adapter.log");
        Process adapter = null;
        try (AllInOne site = AllInOne.start(options);
             WorkspaceClient client = new WorkspaceClient(URI.create(site.server().baseUrl()), new TlsMaterial(
                     GridCredential.fromProxyFile(site.credentials().userProxy()),
                     TrustAnchors.fromDirectory(site.credentials().certificatesDir())))) {
            writeImage(storage.resolve("images/big.img"), 384);
            // Hand the node over to an adapter process of its own, one that can be killed.
            site.adapter().close();
            adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), log);
            AdapterProcesses.awaitListening(adapterPort);

            CreateResponse small = client.create(new WorkspaceRequestBuilder().image("debian-12").vcpus(1)
                    .memoryMiB(128).duration(Duration.ofHours(1)).build());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> client.status(small.getWorkspaceReference()).getState() == WorkspaceStateType.RUNNING);

            CreateResponse big = client.create(new WorkspaceRequestBuilder().image("big.img").vcpus(1).memoryMiB(128)
                    .diskMiB(512).duration(Duration.ofHours(1)).build());
            Path workspaces = storage.resolve("workspaces");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> AdapterProcesses.entries(workspaces).contains("." + big.getWorkspaceId() + ".partial"));
            adapter.destroyForcibly().waitFor(); // SIGKILL in the middle of the copy
            assertTrue(AdapterProcesses.entries(workspaces).contains("." + big.getWorkspaceId() + ".partial"),
                    "the kill landed mid-prepare: " + AdapterProcesses.entries(workspaces));

            adapter = AdapterProcesses.start(siteDir.resolve("agora-adapter.properties"), log);
            AdapterProcesses.awaitListening(adapterPort);

            // The service hears of the adapter's new run, reconciles the node, and settles: nothing
            // stays Unpropagated, and each live workspace is on the node in the state recorded.
            await().atMost(Duration.ofSeconds(60)).until(() -> client.list().stream()
                    .noneMatch(w -> w.getState() == WorkspaceStateType.UNPROPAGATED));
            assertEquals(WorkspaceStateType.CORRUPTED, client.status(small.getWorkspaceReference()).getState(),
                    "the domain the node lost with its process is reported lost");
            List<WorkspaceSummaryType> live = client.list();
            Set<String> withDisks = new TreeSet<>();
            for (WorkspaceSummaryType w : live) {
                if (w.getState() == WorkspaceStateType.RUNNING) {
                    withDisks.add(w.getWorkspaceId());
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> AdapterProcesses.entries(workspaces).equals(withDisks));
            assertTrue(AdapterProcesses.entries(workspaces).stream().noneMatch(n -> n.endsWith(".partial")),
                    "no half-made disk survives the restart: " + AdapterProcesses.entries(workspaces));
            for (WorkspaceSummaryType w : live) {
                client.destroy(w.getWorkspaceReference());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> AdapterProcesses.entries(workspaces).isEmpty());
        } finally {
            if (adapter != null) {
                adapter.destroyForcibly().waitFor();
            }
        }
    }
}
