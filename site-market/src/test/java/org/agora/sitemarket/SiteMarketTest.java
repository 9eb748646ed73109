package org.agora.sitemarket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.auction.Bid;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.agora.market.sls.HostOffer;
import org.agora.market.sls.HostQuery;
import org.agora.market.sls.ServiceLocation;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.agora.workspace.lifecycle.MarketAccess.BidRefusedException;
import org.agora.workspace.persistence.NodeLeases;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The site's workspaces in the market, on MariaDB with the real ledger, bids and SLS. */
class SiteMarketTest {
    private static final String OWNER = "/DC=org/CN=Site Owner";
    private static final GridIdentity JANE = new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org",
            ProxyType.RFC3820_IMPERSONATION);

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    /** One node that records the weights it is given, as a node's adapter applies them. */
    private static final class RecordingNode implements NodeScheduler {
        final Map<String, Map<String, Integer>> applied = new ConcurrentHashMap<>();
        /** How often the housekeeping looked at the node: once a tick, for its heartbeat. */
        final java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public List<String> names() {
            return List.of("wn01");
        }

        @Override
        public Optional<Capacity> capacity(String node) {
            looks.incrementAndGet();
            return "wn01".equals(node) ? Optional.of(new Capacity("kvm", "x86_64", 4, 8192)) : Optional.empty();
        }

        @Override
        public Map<String, Integer> setCpuWeights(String node, Map<String, Integer> weights,
                                                  Map<String, Integer> capsPercent) throws NodeUnreachableException {
            if (!"wn01".equals(node)) {
                throw new NodeUnreachableException("no node " + node, null);
            }
            applied.put(node, Map.copyOf(weights));
            return weights;
        }
    }

    private record Market(HibernateLedger ledger, BidBook bids, ServiceLocation sls, SiteMarket site) {
    }

    private static Market market(SessionFactory sessions, Credits janesCredits) throws Exception {
        Clock clock = Clock.systemUTC();
        HibernateLedger ledger = new HibernateLedger(sessions, clock);
        ledger.open(Bank.MINT, AccountKind.MINT, null);
        ledger.open(Bank.accountOf(JANE.dn()), AccountKind.USER, JANE.dn());
        ledger.transfer("mint-jane", Bank.MINT, Bank.accountOf(JANE.dn()), janesCredits, "", "/CN=Admin");
        BidBook bids = new BidBook(sessions, ledger);
        ServiceLocation sls = new ServiceLocation(sessions, Duration.ofMinutes(5), clock);
        return new Market(ledger, bids, sls, new SiteMarket(sls, bids, OWNER, clock));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void workspacesBidsBecomeTheirNodesCpuWeightsInProportionToTheirRates(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_site_market"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                Market m = market(sessions, Credits.parse("1000"));
                Instant until = Instant.now().plus(Duration.ofHours(1));
                m.site().bid(JANE, "w1", "wn01", new BigDecimal("36"), until);
                m.site().bid(JANE, "w2", "wn01", new BigDecimal("72"), until);
                RecordingNode node = new RecordingNode();
                try (MarketHousekeeping housekeeping = new MarketHousekeeping(node, m.sls(), m.bids(), "site-a", OWNER,
                        Duration.ofMillis(50), Clock.systemUTC(), false, Credits.ZERO)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> node.applied.containsKey("wn01"));
                    Map<String, Integer> weights = node.applied.get("wn01");
                    assertEquals(2.0, weights.get("w2") / (double) weights.get("w1"), 0.01,
                            "twice the rate, twice the weight: " + weights);
                    List<String> listed = m.sls().query(HostQuery.cheapest(10)).stream().map(HostOffer::host).toList();
                    assertEquals(List.of("wn01"), listed, "the node heartbeats into the SLS");
                    assertEquals(Optional.of("wn01"), m.site().cheapest(List.of("wn02", "wn01")));
                }
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aNodesWeightsArePushedByTheOneReplicaHoldingTheNode(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_site_market"))) {
            db.migrate("market", "classpath:db/migration/market");
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                Market m = market(sessions, Credits.parse("1000"));
                m.site().bid(JANE, "w1", "wn01", new BigDecimal("36"), Instant.now().plus(Duration.ofHours(1)));
                // The same node as two replicas reach it, each replica under its own lease name.
                RecordingNode throughA = new RecordingNode();
                RecordingNode throughB = new RecordingNode();
                try (MarketHousekeeping a = new MarketHousekeeping(throughA, m.sls(), m.bids(), "site-a", OWNER,
                        Duration.ofMillis(50), Clock.systemUTC(), false, Credits.ZERO,
                        new NodeLeases(sessions, "replica-a", Duration.ofMinutes(5)));
                     MarketHousekeeping b = new MarketHousekeeping(throughB, m.sls(), m.bids(), "site-a", OWNER,
                             Duration.ofMillis(50), Clock.systemUTC(), false, Credits.ZERO,
                             new NodeLeases(sessions, "replica-b", Duration.ofMinutes(5)))) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> throughA.applied.containsKey("wn01")
                            || throughB.applied.containsKey("wn01"));
                    int lookedA = throughA.looks.get();
                    int lookedB = throughB.looks.get();
                    // Both replicas tick a few times more: the one not holding the node still sends nothing.
                    await().atMost(Duration.ofSeconds(30)).until(() -> throughA.looks.get() > lookedA + 3
                            && throughB.looks.get() > lookedB + 3);
                    assertEquals(1, (throughA.applied.isEmpty() ? 0 : 1) + (throughB.applied.isEmpty() ? 0 : 1),
                            "one replica sent the node its weights");
                }
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void anEndedWorkspacesBidIsChargedWhatIsDueAndTheRestReturns(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_site_market"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                Market m = market(sessions, Credits.parse("100"));
                m.site().bid(JANE, "w1", "wn01", new BigDecimal("36"), Instant.now().plus(Duration.ofHours(1)));
                assertEquals(Credits.parse("64"), m.ledger().balance(Bank.accountOf(JANE.dn())), "36 held in escrow");

                m.site().release("w1");
                Bid ended = m.bids().find(SiteMarket.bidOf("w1")).orElseThrow();
                assertEquals(Bid.State.ENDED, ended.state());
                Credits charged = ended.charged();
                assertEquals(Optional.of(charged.toBigDecimal()), m.site().charged("w1"));
                assertEquals(Credits.parse("100").minus(charged), m.ledger().balance(Bank.accountOf(JANE.dn())),
                        "all but what was due returns to the bidder");
                assertEquals(charged, m.ledger().balance(Bank.accountOf(OWNER)), "the site's owner is paid what was due");
                m.site().release("w1");
                assertEquals(charged, m.ledger().balance(Bank.accountOf(OWNER)), "a second release moves nothing");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aBidBeyondTheBiddersCreditsIsRefusedAndHoldsNothing(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_site_market"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                Market m = market(sessions, Credits.parse("10"));
                BidRefusedException refused = assertThrows(BidRefusedException.class, () -> m.site().bid(JANE, "w1",
                        "wn01", new BigDecimal("36"), Instant.now().plus(Duration.ofHours(1))));
                assertTrue(refused.getMessage().startsWith("the market refused the bid: "), refused.getMessage());
                assertEquals(Credits.parse("10"), m.ledger().balance(Bank.accountOf(JANE.dn())));
                assertEquals(Optional.empty(), m.site().charged("w1"));
            }
        }
    }
}
