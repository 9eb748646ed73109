package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.database.Database;
import org.agora.database.DatabaseSettings;
import org.agora.database.testing.TestDatabases;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.bank.Ledger;
import org.agora.market.bank.persistence.HibernateLedger;
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
 * nodes, and the stopped cluster node rejoins. A replica that dies mid-load (its database pool
 * closed under its transactions, as when its process is killed; a stack in this JVM rather than a
 * process, which would cost a whole server start) leaves its clients' transfers to be sent again to
 * the other replica: each is applied once, none is lost.
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

    @Test
    void transfersWhoseReplicaDiesMidLoadFinishOnTheOtherReplicaOnce() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (Database survivorDb = open(0, name)) {
            survivorDb.migrate("market", "classpath:db/migration/market");
            try (Database doomedDb = open(1, name);
                 SessionFactory survivorSessions = survivorDb.sessionFactory(HibernateLedger.ENTITIES)) {
                SessionFactory doomedSessions = doomedDb.sessionFactory(HibernateLedger.ENTITIES);
                Ledger survivor = new HibernateLedger(survivorSessions, Clock.systemUTC());
                Ledger doomed = new HibernateLedger(doomedSessions, Clock.systemUTC());
                survivor.open(Bank.MINT, AccountKind.MINT, null);
                int users = 4;
                for (int i = 0; i < users; i++) {
                    survivor.open("user:" + i, AccountKind.USER, "/CN=U" + i);
                    survivor.transfer("mint-" + i, Bank.MINT, "user:" + i, Credits.parse("100"), "grant", "/CN=Admin");
                }
                // What each client was told was applied: the balances the ledger must end with.
                Map<String, Long> told = new ConcurrentHashMap<>();
                CountDownLatch halfway = new CountDownLatch(40);
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    done.add(clients.submit(() -> {
                        Random random = new Random(client);
                        for (int i = 0; i < 30; i++) {
                            int from = random.nextInt(users);
                            int to = (from + 1 + random.nextInt(users - 1)) % users;
                            Credits amount = Credits.parse(String.valueOf(1 + random.nextInt(5)));
                            if (sendWithFailover(doomed, survivor, "c" + client + "-" + i, "user:" + from, "user:" + to,
                                    amount)) {
                                told.merge("user:" + from, -amount.micros(), Long::sum);
                                told.merge("user:" + to, amount.micros(), Long::sum);
                            }
                            halfway.countDown();
                        }
                        return null;
                    }));
                }
                // The replica dies mid-load: its pool closes under the transactions in flight.
                halfway.await(3, TimeUnit.MINUTES);
                doomedSessions.close();
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> Credits.ZERO.equals(survivor.sumOfBalances()));
                for (int i = 0; i < users; i++) {
                    Credits expected = Credits.parse("100").plus(new Credits(told.getOrDefault("user:" + i, 0L)));
                    assertEquals(expected, survivor.balance("user:" + i),
                            "user:" + i + " holds what the clients were told, nothing lost or doubled");
                    assertEquals(expected, survivor.replayedBalance("user:" + i));
                }
            }
            survivorDb.drop();
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A client of the site's shared name: the call goes to one replica, and if no answer comes back
     * (the replica died), the same transfer id goes to another. Whether the transfer was applied
     * (false: refused for too little money).
     */
    private static boolean sendWithFailover(Ledger first, Ledger then, String id, String from, String to,
                                            Credits amount) throws BankException {
        try {
            first.transfer(id, from, to, amount, "", "/CN=U");
            return true;
        } catch (BankException e) {
            assertEquals(BankException.Reason.INSUFFICIENT_FUNDS, e.reason(), e.getMessage());
            return false;
        } catch (RuntimeException noAnswer) {
            try {
                then.transfer(id, from, to, amount, "", "/CN=U");
                return true;
            } catch (BankException e) {
                assertEquals(BankException.Reason.INSUFFICIENT_FUNDS, e.reason(), e.getMessage());
                return false;
            }
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
            // As the adapter's own start does: deaths on the node are reported to whoever watches.
            node.liveness().start();
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
