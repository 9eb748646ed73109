package org.agora.market.sls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.auction.Bid;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bid-rate totals the SLS ranks hosts by are kept on the host rows as bids change; here they
 * are checked against the totals recomputed from the bids themselves, after users placing,
 * adjusting, topping up and cancelling bids at once on shared hosts, two replicas charging, and the
 * hosts heartbeating, being purged and registering again all the while.
 */
class HostBidTotalsTest {
    private static final String OWNER = "/DC=org/CN=Site Owner";
    private static final int HOSTS = 4;

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    private static HostRegistration host(int h) {
        return new HostRegistration("wn" + h, "cern", "kvm", "x86_64", 1 + h, 16_384, 8_000, OWNER, 1,
                "https://wn" + h + ":8444/agora-node/Node");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void everyHostsKeptTotalEqualsItsActiveBidsAfterConcurrentBiddingChargingAndReRegistration(String server)
            throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_totals"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                int users = 4;
                for (int u = 0; u < users; u++) {
                    ledger.open(Bank.accountOf("/CN=U" + u), AccountKind.USER, "/CN=U" + u);
                    ledger.transfer("m" + u, Bank.MINT, Bank.accountOf("/CN=U" + u), Credits.parse("500"), "", "a");
                }
                BidBook bids = new BidBook(sessions, ledger);
                ServiceLocation sls = new ServiceLocation(sessions, Duration.ofHours(1), Clock.systemUTC());
                // Its clock is past every entry's expiry: purging with it forgets every host.
                ServiceLocation purger = new ServiceLocation(sessions, Duration.ofHours(1),
                        Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
                // wn3 is not listed when bidding starts: bids on it must count once it registers.
                for (int h = 0; h < HOSTS - 1; h++) {
                    sls.heartbeat(host(h));
                }

                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService pool = Executors.newFixedThreadPool(users + 3);
                List<Future<?>> background = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    background.add(pool.submit(() -> {
                        while (running.get()) {
                            bids.chargeDue(Instant.now());
                        }
                        return null;
                    }));
                }
                background.add(pool.submit(() -> {
                    for (int round = 0; running.get(); round++) {
                        if (round > 0 && round % 5 == 0) {
                            purger.purgeExpired();
                        }
                        for (int h = round == 0 ? HOSTS - 1 : 0; h < HOSTS; h++) {
                            if (round > 0 || h == HOSTS - 1) {
                                sls.heartbeat(host(h));
                            }
                        }
                    }
                    return null;
                }));
                List<Future<?>> bidders = new ArrayList<>();
                for (int u = 0; u < users; u++) {
                    int user = u;
                    bidders.add(pool.submit(() -> {
                        Random random = new Random(user);
                        for (int i = 0; i < 40; i++) {
                            String id = "u" + user + "-" + i;
                            try {
                                bids.place(id, "/CN=U" + user, "wn" + random.nextInt(HOSTS), OWNER, null,
                                        new Credits(1 + random.nextInt(20_000_000)),
                                        Instant.now().plusMillis(300 + random.nextInt(3_000)), Instant.now());
                                switch (random.nextInt(4)) {
                                    case 0 -> bids.adjust(id, Instant.now().plusMillis(100 + random.nextInt(3_000)),
                                            Instant.now());
                                    case 1 -> bids.topUp(id, "top-" + id, new Credits(1 + random.nextInt(5_000_000)),
                                            Instant.now());
                                    case 2 -> bids.cancel(id, Instant.now());
                                    default -> { } // left to run its window
                                }
                            } catch (BankException e) {
                                // Insufficient funds, or a bid that ended before it could be changed: both fine.
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : bidders) {
                    f.get();
                }
                running.set(false);
                for (Future<?> f : background) {
                    f.get();
                }
                pool.shutdown();
                for (int h = 0; h < HOSTS; h++) {
                    sls.heartbeat(host(h));
                }

                List<Bid> all = bids.all();
                assertTrue(all.stream().anyMatch(b -> b.state() == Bid.State.ACTIVE), "some bids are still running");
                assertTotalsMatch(db, all);

                // The SLS answers what summing the bids live now gives, also for bids whose window has
                // passed that no charging pass has ended yet.
                Instant at = Instant.now();
                ServiceLocation frozen = new ServiceLocation(sessions, Duration.ofHours(1), Clock.fixed(at, ZoneOffset.UTC));
                Map<String, Long> live = new HashMap<>();
                for (Bid b : all) {
                    if (b.state() == Bid.State.ACTIVE && b.windowEnd().isAfter(at)) {
                        live.merge(b.host(), BidBook.pricedRate(b.rate(b.chargedUntil())), Long::sum);
                    }
                }
                List<HostOffer> ranked = frozen.query(HostQuery.cheapest(HOSTS));
                assertEquals(HOSTS, ranked.size());
                for (HostOffer o : ranked) {
                    long expected = live.getOrDefault(o.host(), 0L);
                    assertEquals(expected, Math.round(o.totalRate() * 1000), o.host() + "'s live bid total");
                    assertEquals(Math.max(expected / (1000e0 * o.vcpus()), o.reserveRate()), o.price(), 1e-9,
                            o.host() + "'s price");
                }
                assertEquals(ranked.stream().sorted(Comparator.comparingDouble(HostOffer::price)
                        .thenComparing(HostOffer::host)).toList(), ranked, "cheapest first");

                bids.chargeDue(Instant.now().plusSeconds(10));
                all = bids.all();
                assertTrue(all.stream().allMatch(b -> b.state() == Bid.State.ENDED), "every bid has ended");
                assertTotalsMatch(db, all);
                assertEquals(Credits.ZERO, ledger.sumOfBalances(), "every credit is somewhere");
                for (String account : ledger.accounts()) {
                    assertEquals(ledger.balance(account), ledger.replayedBalance(account), account);
                }
            }
        }
    }

    /** Each host row's total against the rates of its active bids, recomputed from their money and windows. */
    private static void assertTotalsMatch(Database db, List<Bid> all) throws Exception {
        Map<String, Long> recomputed = new HashMap<>();
        for (Bid b : all) {
            if (b.state() == Bid.State.ACTIVE) {
                recomputed.merge(b.host(), BidBook.pricedRate(b.rate(b.chargedUntil())), Long::sum);
            }
        }
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("select host, bid_rate_total from market_host order by host")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertEquals(recomputed.getOrDefault(rs.getString(1), 0L), rs.getLong(2),
                        "kept total of " + rs.getString(1));
            }
            assertEquals(HOSTS, rows);
        }
    }
}
