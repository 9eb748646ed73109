package org.agora.workspace.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.node.NodeEndpoint;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.adapterclient.SoapNodeGateway;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two service replicas on one MariaDB, each sweeping for expired workspaces, over a real site
 * adapter on libvirt's test driver: a workspace past its termination time is destroyed once.
 */
class LifetimeExpiryTest {
    static final GridIdentity JANE = new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org",
            ProxyType.RFC3820_IMPERSONATION);

    @TempDir
    Path storage;

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    private static Lifecycle replica(SessionFactory sessions, NodeEndpoint node) {
        return replica(sessions, node, Clock.systemUTC());
    }

    private static Lifecycle replica(SessionFactory sessions, NodeEndpoint node, Clock clock) {
        SoapNodeGateway nodes = new SoapNodeGateway();
        nodes.register("node1", node);
        return Lifecycle.wire(new WorkspaceRepository(sessions, clock), nodes, OrphanPolicy.REPORT, clock);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void twoReplicasSweepingTogetherDestroyAnExpiredWorkspaceOnce(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_exp"));
             SiteAdapter adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                     new RawCopyStorage(storage), new Capacity(0, 0, 100_000))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory one = db.sessionFactory(WorkspaceRepository.ENTITIES);
                 SessionFactory two = db.sessionFactory(WorkspaceRepository.ENTITIES);
                 Lifecycle creator = replica(one, adapter.endpoint());
                 // The sweeping replicas' clocks read a minute later: the one-second workspace is due for them.
                 Lifecycle first = replica(one, adapter.endpoint(),
                         Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
                 Lifecycle second = replica(two, adapter.endpoint(),
                         Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))) {
                String id = creator.manager().create(JANE, new WorkspaceRequest(null, "debian-12", null, 1, 256, 64,
                        Duration.ofSeconds(1), null)).id();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> creator.manager().get(JANE, id).state() == WorkspaceState.RUNNING);

                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(first.expiry()::expire);
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(second.expiry()::expire);
                assertEquals(1, a.get() + b.get(), "exactly one replica destroys it");

                List<WorkspaceState> reached = new WorkspaceRepository(one, Clock.systemUTC()).history(id).stream()
                        .map(c -> c.to()).toList();
                assertEquals(List.of(WorkspaceState.UNPROPAGATED, WorkspaceState.RUNNING, WorkspaceState.DESTROYED),
                        reached);
                // A Normal shutdown gives the guest its grace on a deployment thread: the sweep does not wait.
                await().atMost(Duration.ofSeconds(30)).until(() -> adapter.hypervisor().status(id).state()
                        == org.agora.adapter.hypervisor.DomainState.ABSENT);
            }
        }
    }
}
