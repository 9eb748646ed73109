package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.database.Database;
import org.agora.database.DatabaseSettings;
import org.agora.database.testing.TestDatabases;
import org.agora.security.authz.SiteAccessPolicy;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.agora.testing.GaleraCluster;
import org.agora.workspace.adapterclient.SoapNodeGateway;
import org.agora.workspace.lifecycle.Admission;
import org.agora.workspace.lifecycle.Deployer;
import org.agora.workspace.lifecycle.Groups;
import org.agora.workspace.lifecycle.LifecycleControl;
import org.agora.workspace.lifecycle.LivenessWatcher;
import org.agora.workspace.lifecycle.OrphanPolicy;
import org.agora.workspace.lifecycle.Provisioning;
import org.agora.workspace.lifecycle.Reconciliation;
import org.agora.workspace.lifecycle.UsageRecorder;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.persistence.NodeLeases;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.placement.FirstFitPlacement;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service replicas on a three-node MariaDB Galera cluster when a part fails: a node is
 * reconciled and watched by the one replica holding its lease; when that replica's cluster node is
 * stopped (the replica can no longer renew, as if it had died), the other replica takes the node
 * over and records what happens on it, goes on creating workspaces on the two remaining cluster
 * nodes, and the stopped cluster node rejoins.
 */
class GaleraFailoverSystemTest {
    private static final GridIdentity JANE = new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org",
            ProxyType.RFC3820_IMPERSONATION);
    /** A short watch, so that a lease (one and a half watches) runs out quickly. */
    private static final Duration WATCH = Duration.ofSeconds(2);
    private static GaleraCluster cluster;

    @TempDir
    Path storage;

    @BeforeAll
    static void cluster() {
        cluster = GaleraCluster.start(Path.of("target", "galera-failover"), 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A replica's lifecycle parts as agora-server wires them, on its own cluster node and under its own lease name. */
    private record Replica(SessionFactory sessions, WorkspaceRepository rows, WorkspaceManager manager,
                           Reconciliation reconciliation, NodeLeases leases, LivenessWatcher watcher, Deployer deployer)
            implements AutoCloseable {
        static Replica on(SessionFactory sessions, SiteAdapter node, String name) {
            Clock clock = Clock.systemUTC();
            SoapNodeGateway nodes = new SoapNodeGateway();
            nodes.register("node1", node.endpoint());
            WorkspaceRepository repository = new WorkspaceRepository(sessions, clock);
            Deployer deployer = new Deployer(repository, nodes, 2);
            Admission admission = new Admission(SiteAccessPolicy.ALL_TRUSTED, Set.of(), RequestLimits.defaults(),
                    repository);
            LifecycleControl control = new LifecycleControl(admission, repository, nodes, clock);
            WorkspaceManager manager = new WorkspaceManager(admission, repository,
                    new Provisioning(admission, repository, nodes, new FirstFitPlacement(), deployer, null, clock),
                    control, new Groups(admission, repository, control),
                    new UsageRecorder(admission, repository, nodes, null, clock));
            NodeLeases leases = new NodeLeases(sessions, name, LivenessWatcher.leaseFor(WATCH));
            Reconciliation reconciliation = new Reconciliation(repository, nodes, deployer, OrphanPolicy.REPORT, leases);
            return new Replica(sessions, repository, manager, reconciliation, leases,
                    new LivenessWatcher(reconciliation, nodes, WATCH), deployer);
        }

        WorkspaceState stateOf(String id) {
            return rows.find(id).map(Workspace::state).orElse(null);
        }

        @Override
        public void close() {
            watcher.close();
            deployer.close();
            sessions.close();
        }
    }

    private static Database open(int member, String name) {
        return Database.open(DatabaseSettings.server(cluster.jdbcUrls().get(member), "root", "", 8), name);
    }

    @Test
    void aNodeIsLookedAfterByOneReplicaAndTakenOverWhenItsClusterNodeStops() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        WorkspaceRequest small = new WorkspaceRequest(null, "debian-12", null, 1, 256, 64, Duration.ofHours(1), null);
        try (SiteAdapter node = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                new RawCopyStorage(storage), new Capacity(64, 8 * 256, 100_000));
             Database survivorDb = open(0, name)) {
            survivorDb.migrate("workspace", "classpath:db/migration/workspace");
            Database doomedDb = open(2, name);
            Replica survivor = Replica.on(survivorDb.sessionFactory(WorkspaceRepository.ENTITIES), node, "replica-b");
            Replica doomed = Replica.on(doomedDb.sessionFactory(WorkspaceRepository.ENTITIES), node, "replica-a");
            try {
                String first = survivor.manager().create(JANE, small).id();
                String second = survivor.manager().create(JANE, small).id();
                for (String id : new String[] {first, second}) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> doomed.stateOf(id) == WorkspaceState.RUNNING);
                }

                // The doomed replica reconciles first and holds the node; the survivor, while that
                // lease lasts, leaves a vanished domain to it.
                assertEquals(0, doomed.reconciliation().reconcile());
                node.hypervisor().destroy(first);
                assertEquals(0, survivor.reconciliation().reconcile(), "the node is the other replica's to reconcile");
                assertEquals(WorkspaceState.RUNNING, survivor.stateOf(first));
                assertEquals(1, doomed.reconciliation().reconcile(), "its holder records the vanished domain");
                await().atMost(Duration.ofSeconds(30)).until(() -> survivor.stateOf(first) == WorkspaceState.CORRUPTED);

                doomed.watcher().start();
                await().atMost(Duration.ofSeconds(30)).until(() -> survivor.leases().holderOf("node1")
                        .equals(Optional.of("replica-a")));
                survivor.watcher().start();

                // The doomed replica's cluster node stops: it cannot renew, and the survivor takes over.
                cluster.stop(2);
                await().atMost(Duration.ofMinutes(2)).until(() -> survivor.leases().holderOf("node1")
                        .equals(Optional.of("replica-b")));
                node.hypervisor().destroy(second);
                await().atMost(Duration.ofMinutes(1)).until(() -> survivor.stateOf(second) == WorkspaceState.CORRUPTED);

                // Work goes on through the remaining cluster nodes.
                String third = survivor.manager().create(JANE, small).id();
                await().atMost(Duration.ofMinutes(1)).until(() -> survivor.stateOf(third) == WorkspaceState.RUNNING);

                cluster.rejoin(2);
                for (int member = 0; member < 3; member++) {
                    assertEquals("3", cluster.status(member, "wsrep_cluster_size"), "member " + member);
                }
                await().atMost(Duration.ofMinutes(1)).until(() -> doomed.stateOf(third) == WorkspaceState.RUNNING);
                assertEquals(WorkspaceState.CORRUPTED, doomed.stateOf(second), "what the survivor recorded reached it");
                assertEquals(Optional.of("replica-b"), doomed.leases().holderOf("node1"),
                        "the node stays with its new holder");
                assertTrue(survivor.rows().history(second).stream().filter(c -> c.to() == WorkspaceState.CORRUPTED)
                        .count() == 1, "the death is recorded once");
            } finally {
                doomed.close();
                survivor.close();
                doomedDb.close();
            }
            survivorDb.drop();
        }
    }
}
