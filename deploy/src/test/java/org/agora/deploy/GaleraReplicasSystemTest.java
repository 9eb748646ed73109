package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import org.agora.market.auction.Bid;
import org.agora.market.auction.persistence.BidBook;
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
import org.agora.workspace.lifecycle.Expiry;
import org.agora.workspace.lifecycle.Groups;
import org.agora.workspace.lifecycle.LifecycleControl;
import org.agora.workspace.lifecycle.NoCapacityException;
import org.agora.workspace.lifecycle.Provisioning;
import org.agora.workspace.lifecycle.UsageRecorder;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.notification.NotificationPublisher;
import org.agora.workspace.persistence.SubscriptionRepository;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.placement.FirstFitPlacement;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service replicas, each connected to a different node of a three-node MariaDB Galera cluster
 * (Debian's mariadb-server and galera-4), sharing one site: what the site promises holds across
 * them although Galera replicates optimistically and its row locks are local to each node. Creates
 * racing to the site's capacity never place more than fits; transfers racing over both replicas
 * neither create nor lose credits, with no deadlock error reaching the client; two sweepers destroy an
 * expired workspace once; two replicas charging one bid at the same moments charge each interval once;
 * a change both replicas race to make is committed by one and notified once, by that one.
 */
class GaleraReplicasSystemTest {
    private static final GridIdentity JANE = new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org",
            ProxyType.RFC3820_IMPERSONATION);
    private static GaleraCluster cluster;

    @TempDir
    Path storage;

    @BeforeAll
    static void cluster() {
        cluster = GaleraCluster.start(Path.of("target", "galera"), 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The site's database through one cluster node: what {@code agora.db.url} names for that replica. */
    private static Database open(int member, String name) {
        return Database.open(DatabaseSettings.server(cluster.jdbcUrls().get(member), "root", "", 8), name);
    }

    /** A workspace service replica as the server's composition root wires one, on its own database connection. */
    private record Replica(WorkspaceManager manager, Expiry expiry, Deployer deployer) implements AutoCloseable {
        static Replica on(SessionFactory sessions, SiteAdapter node, Clock clock) {
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
            return new Replica(manager, new Expiry(repository, nodes, deployer, Duration.ofSeconds(60), clock), deployer);
        }

        @Override
        public void close() {
            deployer.close();
        }
    }

    @Test
    void createsOverTwoClusterNodesNeverPlaceMoreThanTheSiteHolds() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        ExecutorService clients = Executors.newFixedThreadPool(14);
        // Six workspaces of 512 MiB fit the node; fourteen are asked for at once, half through each replica.
        try (SiteAdapter node = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                new RawCopyStorage(storage), new Capacity(64, 6 * 512, 100_000));
             Database first = open(0, name)) {
            first.migrate("workspace", "classpath:db/migration/workspace");
            try (Database second = open(1, name);
                 SessionFactory oneDb = first.sessionFactory(WorkspaceRepository.ENTITIES);
                 SessionFactory twoDb = second.sessionFactory(WorkspaceRepository.ENTITIES);
                 Replica one = Replica.on(oneDb, node, Clock.systemUTC());
                 Replica two = Replica.on(twoDb, node, Clock.systemUTC())) {
                WorkspaceRequest small = new WorkspaceRequest(null, "debian-12", null, 1, 512, 64, Duration.ofHours(1),
                        null);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> creates = new ArrayList<>();
                for (int i = 0; i < 14; i++) {
                    WorkspaceManager replica = (i % 2 == 0 ? one : two).manager();
                    creates.add(clients.submit(() -> {
                        go.await();
                        try {
                            return replica.create(JANE, small).id();
                        } catch (NoCapacityException e) {
                            assertTrue(e.getMessage().contains("no node can hold 1 vCPUs, 512 MiB memory"),
                                    e.getMessage());
                            return null;
                        }
                    }));
                }
                go.countDown();
                List<String> placed = new ArrayList<>();
                for (Future<String> f : creates) {
                    String id = f.get(3, TimeUnit.MINUTES);
                    if (id != null) {
                        placed.add(id);
                    }
                }
                assertEquals(6, placed.size(), "the node's six slots were given away, no more: " + placed);
                WorkspaceRepository rows = new WorkspaceRepository(twoDb, Clock.systemUTC());
                await().atMost(Duration.ofMinutes(1)).until(() -> rows.liveOnNode("node1").size() == 6);
                for (String id : placed) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> rows.find(id).orElseThrow().state()
                            == WorkspaceState.RUNNING);
                }
            }
            first.drop();
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void transfersOverTwoClusterNodesNeitherCreateNorLoseCredits() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try (Database first = open(0, name)) {
            first.migrate("market", "classpath:db/migration/market");
            try (Database second = open(1, name);
                 SessionFactory oneDb = first.sessionFactory(HibernateLedger.ENTITIES);
                 SessionFactory twoDb = second.sessionFactory(HibernateLedger.ENTITIES)) {
                Ledger one = new HibernateLedger(oneDb, Clock.systemUTC());
                Ledger two = new HibernateLedger(twoDb, Clock.systemUTC());
                one.open(Bank.MINT, AccountKind.MINT, null);
                int users = 4;
                for (int i = 0; i < users; i++) {
                    one.open("user:" + i, AccountKind.USER, "/CN=U" + i);
                    one.transfer("mint-" + i, Bank.MINT, "user:" + i, Credits.parse("100"), "grant", "/CN=Admin");
                }
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 6; w++) {
                    int worker = w;
                    // Few accounts and large amounts: the replicas keep writing the same rows, and
                    // many transfers find their payer too poor once the other node's commit arrives.
                    Ledger ledger = w % 2 == 0 ? one : two;
                    done.add(workers.submit(() -> {
                        Random random = new Random(worker);
                        for (int i = 0; i < 60; i++) {
                            int from = random.nextInt(users);
                            int to = (from + 1 + random.nextInt(users - 1)) % users;
                            // Some ids are sent through both replicas: one transfer, applied once.
                            String id = i % 4 == 0 ? "shared-" + (worker % 2 == 0 ? worker + 1 : worker) + "-" + i
                                    : "w" + worker + "-" + i;
                            transferAsAClientWould(ledger, id, "user:" + from, "user:" + to);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
                for (Ledger ledger : List.of(one, two)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> Credits.ZERO.equals(ledger.sumOfBalances()));
                    Credits held = Credits.ZERO;
                    for (int i = 0; i < users; i++) {
                        Credits balance = ledger.balance("user:" + i);
                        assertTrue(balance.micros() >= 0, "user:" + i + " went below zero: " + balance);
                        assertEquals(balance, ledger.replayedBalance("user:" + i), "user:" + i + " agrees with its ledger");
                        held = held.plus(balance);
                    }
                    assertEquals(Credits.parse("400"), held, "the users hold what was minted for them");
                }
            }
            first.drop();
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void twoReplicasChargingOneBidThroughTwoClusterNodesChargeEachIntervalOnce() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        String owner = "/DC=org/CN=Site Owner";
        try (Database first = open(0, name)) {
            first.migrate("market", "classpath:db/migration/market");
            try (Database second = open(1, name);
                 SessionFactory oneDb = first.sessionFactory(BidBook.WITH_LEDGER);
                 SessionFactory twoDb = second.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledgerOne = new HibernateLedger(oneDb, Clock.systemUTC());
                HibernateLedger ledgerTwo = new HibernateLedger(twoDb, Clock.systemUTC());
                ledgerOne.open(Bank.MINT, AccountKind.MINT, null);
                ledgerOne.open(Bank.accountOf(JANE.dn()), AccountKind.USER, JANE.dn());
                ledgerOne.transfer("mint-jane", Bank.MINT, Bank.accountOf(JANE.dn()), Credits.parse("1000"), "",
                        "/CN=Admin");
                BidBook one = new BidBook(oneDb, ledgerOne);
                BidBook two = new BidBook(twoDb, ledgerTwo);
                // A short window: every tick below charges a good part of the escrow.
                one.place("bid-1", JANE.dn(), "wn01", owner, "w1", Credits.parse("500"),
                        Instant.now().plus(Duration.ofSeconds(20)), Instant.now());
                await().atMost(Duration.ofSeconds(30)).until(() -> two.find("bid-1").isPresent());
                ExecutorService replicas = Executors.newFixedThreadPool(2);
                try {
                    for (int tick = 0; tick < 15; tick++) {
                        // Both replicas' housekeeping fires at the same moment and charges up to it.
                        Instant now = Instant.now();
                        Future<Integer> a = replicas.submit(() -> one.chargeDue(now));
                        Future<Integer> b = replicas.submit(() -> two.chargeDue(now));
                        a.get(1, TimeUnit.MINUTES);
                        b.get(1, TimeUnit.MINUTES);
                    }
                } finally {
                    replicas.shutdownNow();
                }
                for (HibernateLedger ledger : List.of(ledgerOne, ledgerTwo)) {
                    BidBook bids = ledger == ledgerOne ? one : two;
                    await().atMost(Duration.ofSeconds(30)).until(() -> Credits.ZERO.equals(ledger.sumOfBalances())
                            && bids.find("bid-1").orElseThrow().charged().equals(ledger.balance(Bank.accountOf(owner))));
                    Bid bid = bids.find("bid-1").orElseThrow();
                    assertTrue(bid.charged().isPositive(), "the bid was charged: " + bid);
                    assertEquals(bid.remaining(), ledger.balance(Bank.escrowOf("bid-1")),
                            "what the escrow holds is what the bid was not charged");
                    assertEquals(Credits.parse("1000"), ledger.balance(Bank.accountOf(JANE.dn()))
                            .plus(bid.escrowed()), "Jane's credits are in her account or the bid's escrow");
                }
            }
            first.drop();
        }
    }

    @Test
    void eachChangeRacedOnTwoClusterNodesIsNotifiedOnceByTheReplicaThatCommittedIt() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Database first = open(0, name)) {
            first.migrate("workspace", "classpath:db/migration/workspace");
            try (Database second = open(1, name);
                 SessionFactory oneDb = first.sessionFactory(WorkspaceRepository.ENTITIES);
                 SessionFactory twoDb = second.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository one = new WorkspaceRepository(oneDb, Clock.systemUTC());
                WorkspaceRepository two = new WorkspaceRepository(twoDb, Clock.systemUTC());
                // Each replica's publisher, as agora-server wires it; the sender stands for the consumer's endpoint.
                try (NotificationPublisher publisherOne = new NotificationPublisher(new SubscriptionRepository(oneDb),
                        (sub, after, from) -> heard.add(sub.id() + ":" + after.state()), Clock.systemUTC(), 2);
                     NotificationPublisher publisherTwo = new NotificationPublisher(new SubscriptionRepository(twoDb),
                             (sub, after, from) -> heard.add(sub.id() + ":" + after.state()), Clock.systemUTC(), 2)) {
                    one.onTransition(publisherOne);
                    two.onTransition(publisherTwo);
                    String ws = java.util.UUID.randomUUID().toString();
                    one.insert(ws, JANE.dn(), List.of(), null, new WorkspaceRequest("web", "debian-12", null, 1, 256, 64,
                                    Duration.ofHours(1), WorkspaceState.RUNNING), "node1",
                            new org.agora.workspace.persistence.NodeAllocations.Allocation(64, 100_000, 100_000),
                            Instant.now().plus(Duration.ofHours(1)));
                    Instant now = Instant.now();
                    new SubscriptionRepository(oneDb).insert(new org.agora.workspace.model.Subscription("s1", ws,
                            JANE.dn(), "http://consumer.example.org/notify", "<EndpointReference "
                            + "xmlns=\"http://www.w3.org/2005/08/addressing\"><Address>http://consumer.example.org/"
                            + "notify</Address></EndpointReference>", org.agora.workspace.model.Topic.WORKSPACE_STATE_CHANGE,
                            now, now.plus(Duration.ofHours(1))));
                    await().atMost(Duration.ofSeconds(30)).until(() -> two.find(ws).isPresent());
                    List<String> expected = new ArrayList<>();
                    List<WorkspaceState> steps = new ArrayList<>(List.of(WorkspaceState.PROPAGATED));
                    for (int i = 0; i < 6; i++) {
                        steps.add(WorkspaceState.RUNNING);
                        steps.add(WorkspaceState.PAUSED);
                    }
                    for (WorkspaceState next : steps) {
                        // Both replicas make the same move at once: one of them commits it.
                        CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> one.transition(ws, next, "race")
                                .isPresent());
                        CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> two.transition(ws, next, "race")
                                .isPresent());
                        assertEquals(1, (a.get(1, TimeUnit.MINUTES) ? 1 : 0) + (b.get(1, TimeUnit.MINUTES) ? 1 : 0),
                                "one replica moves the workspace to " + next);
                        expected.add("s1:" + next);
                        // As a subscriber acts: on what it heard.
                        await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() >= expected.size());
                        await().atMost(Duration.ofSeconds(30)).until(() -> two.find(ws).orElseThrow().state() == next
                                && one.find(ws).orElseThrow().state() == next);
                    }
                    publisherOne.close();
                    publisherTwo.close();
                    assertEquals(expected, heard, "each change heard once, in the order committed");
                }
            }
            first.drop();
        }
    }

    /**
     * One transfer as the CLI sends it: refused for a reason of the client's, or applied. The ledger's
     * own retries outlast the other node's commits: no deadlock error reaches the client.
     */
    private static void transferAsAClientWould(Ledger ledger, String id, String from, String to) {
        try {
            ledger.transfer(id, from, to, Credits.parse("30"), "", "/CN=U");
        } catch (BankException e) {
            assertTrue(e.reason() == BankException.Reason.INSUFFICIENT_FUNDS
                    || e.reason() == BankException.Reason.TRANSFER_ID_REUSED, e.getMessage());
        }
    }

    @Test
    void twoSweepersOnTwoClusterNodesDestroyAnExpiredWorkspaceOnce() throws Exception {
        String name = TestDatabases.freshName("agora_gal");
        try (SiteAdapter node = new SiteAdapter(LibvirtHypervisor.connect("test:///default"),
                new RawCopyStorage(storage), new Capacity(0, 0, 100_000));
             Database first = open(0, name)) {
            first.migrate("workspace", "classpath:db/migration/workspace");
            // The sweepers' clocks read a minute later: the one-second workspace is due for them.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
            try (Database second = open(2, name);
                 SessionFactory oneDb = first.sessionFactory(WorkspaceRepository.ENTITIES);
                 SessionFactory twoDb = second.sessionFactory(WorkspaceRepository.ENTITIES);
                 Replica creator = Replica.on(oneDb, node, Clock.systemUTC());
                 Replica sweeperOne = Replica.on(oneDb, node, later);
                 Replica sweeperTwo = Replica.on(twoDb, node, later)) {
                String id = creator.manager().create(JANE, new WorkspaceRequest(null, "debian-12", null, 1, 256, 64,
                        Duration.ofSeconds(1), null)).id();
                WorkspaceRepository rows = new WorkspaceRepository(twoDb, Clock.systemUTC());
                // Running as the second sweeper's cluster node sees it: replicated before the race.
                await().atMost(Duration.ofMinutes(1)).until(() -> rows.find(id)
                        .map(w -> w.state() == WorkspaceState.RUNNING).orElse(false));

                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(sweeperOne.expiry()::expire);
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(sweeperTwo.expiry()::expire);
                assertEquals(1, a.get(2, TimeUnit.MINUTES) + b.get(2, TimeUnit.MINUTES), "exactly one replica destroys it");
                await().atMost(Duration.ofSeconds(30)).until(() -> rows.history(id).stream().map(c -> c.to()).toList()
                        .equals(List.of(WorkspaceState.UNPROPAGATED, WorkspaceState.RUNNING, WorkspaceState.DESTROYED)));
                await().atMost(Duration.ofSeconds(60)).until(() -> node.hypervisor().status(id).state()
                        == org.agora.adapter.hypervisor.DomainState.ABSENT);
            }
            first.drop();
        }
    }
}
