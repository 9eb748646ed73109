package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.client.notification.NotificationListener;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer that hangs (accepts the connection, never answers) must not delay the notifications
 * of a consumer that works, even one subscribed to the same workspace, whose changes share a lane.
 */
class DeadConsumerSystemTest {
    @TempDir
    Path dir;

    @Test
    void aLiveConsumerHearsItsChangesWhileAHungConsumersFirstDeliveryIsStillPending() throws Exception {
        List<NotificationListener.Received> heard = new CopyOnWriteArrayList<>();
        String liveUrl = "http://localhost:" + FreePorts.next() + "/live";
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(),
                     FreePorts.next(), "test:///default", SiteDatabases.serverOrEmbedded(), TestDatabases.freshName("agora_dead")));
             WorkspaceClient client = new WorkspaceClient(URI.create(site.server().baseUrl()), new TlsMaterial(
                     GridCredential.fromProxyFile(site.credentials().userProxy()),
                     TrustAnchors.fromDirectory(site.credentials().certificatesDir())));
             SilentConsumer hung = new SilentConsumer();
             NotificationListener live = new NotificationListener(liveUrl, heard::add)) {
            EndpointReferenceType epr = client.create(new WorkspaceRequestBuilder().image("debian-12").vcpus(1)
                    .memoryMiB(128).duration(Duration.ofHours(1)).build()).getWorkspaceReference();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status(epr).getState() == WorkspaceStateType.RUNNING);

            client.subscribe(epr, EndpointReferences.of(hung.url()), null, null);
            client.pause(epr);
            await().atMost(Duration.ofSeconds(30)).until(() -> hung.connections() == 1);

            client.subscribe(epr, live.reference(liveUrl), null, null);
            client.start(epr);
            client.pause(epr);
            await().atMost(Duration.ofSeconds(60)).until(() -> heard.size() == 2);

            assertEquals(List.of(WorkspaceStateType.RUNNING, WorkspaceStateType.PAUSED),
                    heard.stream().map(r -> r.change().getState()).toList(), "the live consumer hears both, in order");
            assertEquals(1, hung.connections(), "the hung consumer's first delivery is the only one made to it so far");
            assertEquals(0, hung.givenUp(), "and the service is still waiting for its answer");
        }
    }
}
