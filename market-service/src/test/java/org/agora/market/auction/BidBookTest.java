package org.agora.market.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.agora.market.sls.HostRegistration;
import org.agora.market.sls.ServiceLocation;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bids and charging against the real ledger, on MariaDB, with replicas charging at once. */
class BidBookTest {
    private static final String OWNER = "/DC=org/CN=Site Owner";

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void adjustingTheWindowChangesTheRateWithoutMovingMoneyAndCancellingRefunds(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_bids"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                ledger.open(Bank.accountOf("/CN=Jane"), AccountKind.USER, "/CN=Jane");
                ledger.transfer("m", Bank.MINT, Bank.accountOf("/CN=Jane"), Credits.parse("100"), "", "/CN=Admin");
                BidBook bids = new BidBook(sessions, ledger);
                Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
                Bid bid = bids.place("b1", "/CN=Jane", "wn01", OWNER, null, Credits.parse("36"),
                        t0.plus(Duration.ofHours(1)), t0);
                assertEquals(10_000, bid.rate(t0), 1e-6, "36 credits over an hour: 0.01 credits/s");
                assertEquals(Credits.parse("64"), ledger.balance(Bank.accountOf("/CN=Jane")));

                // Half an hour later the window is doubled: 18 credits were due, 18 remain over 90 minutes.
                Instant t1 = t0.plus(Duration.ofMinutes(30));
                Bid adjusted = bids.adjust("b1", t0.plus(Duration.ofHours(2)), t1);
                assertEquals(Credits.parse("18"), adjusted.charged());
                assertEquals(18_000_000 / 5400.0, adjusted.rate(t1), 1e-6);
                assertEquals(Credits.parse("64"), ledger.balance(Bank.accountOf("/CN=Jane")), "no transfer to adjust");
                assertEquals(Credits.parse("18"), ledger.balance(Bank.accountOf(OWNER)));

                bids.topUp("b1", "top-1", Credits.parse("9"), t1);
                bids.topUp("b1", "top-1", Credits.parse("9"), t1);
                assertEquals(Credits.parse("55"), ledger.balance(Bank.accountOf("/CN=Jane")), "a top-up retried moves once");

                Bid ended = bids.cancel("b1", t1.plus(Duration.ofMinutes(30)));
                assertEquals(Bid.State.ENDED, ended.state());
                // 27 remained over 90 minutes; 30 of them were used: 9 more charged, 18 returned.
                assertEquals(Credits.parse("27"), ledger.balance(Bank.accountOf(OWNER)));
                assertEquals(Credits.parse("73"), ledger.balance(Bank.accountOf("/CN=Jane")));
                assertEquals(Credits.ZERO, ledger.balance(Bank.escrowOf("b1")));
                assertEquals(Credits.ZERO, ledger.sumOfBalances());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aBidTheBooksRefuseLeavesNoTraceAndAPlacedOneIsPlacedOnce(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_bids"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                ledger.open(Bank.accountOf("/CN=Jane"), AccountKind.USER, "/CN=Jane");
                ledger.transfer("m", Bank.MINT, Bank.accountOf("/CN=Jane"), Credits.parse("10"), "", "/CN=Admin");
                new ServiceLocation(sessions, Duration.ofHours(1), Clock.systemUTC())
                        .heartbeat(new HostRegistration("wn01", "site0", "kvm", "x86_64", 1, 1024,
                                1024, OWNER, 0, "https://wn01:8444/agora-node/Node"));
                BidBook bids = new BidBook(sessions, ledger);
                Instant t0 = Instant.now();
                Instant end = t0.plus(Duration.ofHours(1));

                BankException poor = assertThrows(BankException.class,
                        () -> bids.place("b-poor", "/CN=Jane", "wn01", OWNER, null, Credits.parse("10.000001"), end, t0));
                assertEquals(BankException.Reason.INSUFFICIENT_FUNDS, poor.reason(), poor.getMessage());
                BankException stranger = assertThrows(BankException.class,
                        () -> bids.place("b-stranger", "/CN=Nobody", "wn01", OWNER, null, Credits.parse("1"), end, t0));
                assertEquals(BankException.Reason.UNKNOWN_ACCOUNT, stranger.reason(), stranger.getMessage());
                assertTrue(bids.all().isEmpty(), "no bid row remains of a refused bid");
                assertEquals(List.of(Bank.MINT, Bank.accountOf("/CN=Jane")), ledger.accounts(),
                        "no escrow account remains of a refused bid");
                assertEquals(0L, hostTotal(db, "wn01"), "the host's total did not move");

                Bid placed = bids.place("b1", "/CN=Jane", "wn01", OWNER, null, Credits.parse("3.6"), end, t0);
                Bid again = bids.place("b1", "/CN=Jane", "wn01", OWNER, null, Credits.parse("3.6"), end, t0);
                assertEquals(placed, again, "placing a bid again answers with the bid as it is");
                assertEquals(Credits.parse("6.4"), ledger.balance(Bank.accountOf("/CN=Jane")), "escrowed once");
                assertEquals(Credits.parse("3.6"), ledger.balance(Bank.escrowOf("b1")));
                assertEquals(ledger.balance(Bank.escrowOf("b1")), ledger.replayedBalance(Bank.escrowOf("b1")));
                assertEquals(ledger.balance(Bank.accountOf("/CN=Jane")),
                        ledger.replayedBalance(Bank.accountOf("/CN=Jane")), "the entries' balances are the accounts'");
                assertEquals(BidBook.pricedRate(placed.rate(t0)), hostTotal(db, "wn01"));
                assertEquals(placed, bids.find("b1").orElseThrow(), "the row reads back as the bid answered");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void bidsPlacedAtOnceShareACommitAndARefusedOneDoesNotTakeTheOthersWithIt(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_bids"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                int users = 10;
                for (int u = 0; u <= users; u++) {
                    ledger.open(Bank.accountOf("/CN=U" + u), AccountKind.USER, "/CN=U" + u);
                }
                for (int u = 0; u < users; u++) {
                    ledger.transfer("m" + u, Bank.MINT, Bank.accountOf("/CN=U" + u), Credits.parse("1000"), "", "a");
                }
                // /CN=U10 holds nothing: every bid of theirs is refused, inside whatever group it lands in.
                ServiceLocation sls = new ServiceLocation(sessions, Duration.ofHours(1), Clock.systemUTC());
                for (String host : List.of("wn01", "wn02")) {
                    sls.heartbeat(new HostRegistration(host, "site0", "kvm", "x86_64", 1, 1024, 1024, OWNER, 0,
                            "https://" + host + ":8444/agora-node/Node"));
                }
                BidBook bids = new BidBook(sessions, ledger);
                Instant end = Instant.now().plus(Duration.ofHours(1));
                Bid taken = bids.place("taken", "/CN=U0", "wn01", OWNER, null, Credits.parse("5"), end, Instant.now());

                ExecutorService pool = Executors.newFixedThreadPool(users + 2);
                int rounds = 0;
                // Rounds of simultaneous bids until some group was written and some refused: every other
                // round also places a bid of an id already placed and one of the bidder without funds.
                while (rounds < 10 || bids.groupCommitCounts().refusedGroups() == 0
                        || bids.groupCommitCounts().groups() == bids.groupCommitCounts().refusedGroups()) {
                    assertTrue(rounds < 500, "no written and refused groups in 500 rounds: " + bids.groupCommitCounts());
                    int round = rounds++;
                    boolean withRefusals = round % 2 == 1;
                    int callers = withRefusals ? users + 2 : users;
                    java.util.concurrent.CyclicBarrier atOnce = new java.util.concurrent.CyclicBarrier(callers);
                    List<Future<Object>> placed = new ArrayList<>();
                    for (int u = 0; u < callers; u++) {
                        int user = u;
                        placed.add(pool.submit(() -> {
                            atOnce.await();
                            try {
                                return user < users
                                        ? bids.place("r" + round + "-u" + user, "/CN=U" + user, "wn0" + (1 + user % 2),
                                                OWNER, null, Credits.parse("1"), end, Instant.now())
                                        : user == users
                                        ? bids.place("r" + round + "-poor", "/CN=U" + users, "wn01", OWNER, null,
                                                Credits.parse("1"), end, Instant.now())
                                        : bids.place("taken", "/CN=U0", "wn02", OWNER, null, Credits.parse("7"), end,
                                                Instant.now());
                            } catch (BankException e) {
                                return e.reason();
                            }
                        }));
                    }
                    for (int u = 0; u < users; u++) {
                        Bid b = (Bid) placed.get(u).get();
                        assertEquals(Credits.parse("1"), b.escrowed(), b.id());
                        assertEquals(b, bids.find(b.id()).orElseThrow(), "round " + round + ": " + b.id() + " is stored");
                    }
                    if (withRefusals) {
                        assertEquals(BankException.Reason.INSUFFICIENT_FUNDS, placed.get(users).get(), "round " + round);
                        assertEquals(taken, placed.get(users + 1).get(), "round " + round + ": a placed id answers as placed");
                    }
                }
                pool.shutdown();
                var counts = bids.groupCommitCounts();
                assertTrue(counts.bidsInGroups() >= 2 * counts.groups() && counts.groups() > counts.refusedGroups(),
                        "some bids were written together, not only refused together: " + counts);

                for (int u = 0; u < users; u++) {
                    Credits escrowed = Credits.parse(String.valueOf(rounds + (u == 0 ? 5 : 0)));
                    assertEquals(Credits.parse("1000").minus(escrowed), ledger.balance(Bank.accountOf("/CN=U" + u)),
                            "U" + u + " paid one credit per round, once");
                }
                assertEquals(Credits.ZERO, ledger.balance(Bank.accountOf("/CN=U" + users)));
                assertEquals(Credits.ZERO, ledger.sumOfBalances(), "every credit is somewhere");
                for (String account : ledger.accounts()) {
                    assertEquals(ledger.balance(account), ledger.replayedBalance(account), account);
                }
                for (String host : List.of("wn01", "wn02")) {
                    long expected = bids.all().stream().filter(b -> b.host().equals(host))
                            .mapToLong(b -> BidBook.pricedRate(b.rate(b.windowStart()))).sum();
                    assertEquals(expected, hostTotal(db, host), host + "'s total is the sum of its bids' rates");
                }
            }
        }
    }

    private static long hostTotal(Database db, String host) throws Exception {
        try (var c = db.dataSource().getConnection();
             var st = c.prepareStatement("select bid_rate_total from market_host where host = ?")) {
            st.setString(1, host);
            try (var rs = st.executeQuery()) {
                assertTrue(rs.next(), host + " is listed");
                return rs.getLong(1);
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void twoReplicasChargingWhileUsersBidNeverCreateOrLoseMoney(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_bids"))) {
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
                AtomicBoolean running = new AtomicBoolean(true);
                // After the users stop, the replicas go on for a few charging passes over the bids still open.
                java.util.concurrent.CountDownLatch passesAfterUsers = new java.util.concurrent.CountDownLatch(20);
                AtomicBoolean usersDone = new AtomicBoolean(false);
                ExecutorService pool = Executors.newFixedThreadPool(users + 2);
                List<Future<?>> all = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    all.add(pool.submit(() -> {
                        while (running.get()) {
                            bids.chargeDue(Instant.now());
                            if (usersDone.get()) {
                                passesAfterUsers.countDown();
                            }
                        }
                        return null;
                    }));
                }
                for (int u = 0; u < users; u++) {
                    int user = u;
                    all.add(pool.submit(() -> {
                        Random random = new Random(user);
                        for (int i = 0; i < 25; i++) {
                            String id = "u" + user + "-" + i;
                            try {
                                bids.place(id, "/CN=U" + user, "wn0" + random.nextInt(3), OWNER, null,
                                        new Credits(1 + random.nextInt(20_000_000)),
                                        Instant.now().plusMillis(200 + random.nextInt(800)), Instant.now());
                                switch (random.nextInt(3)) {
                                    case 0 -> bids.adjust(id, Instant.now().plusMillis(100 + random.nextInt(900)), Instant.now());
                                    case 1 -> bids.topUp(id, "top-" + id, new Credits(1 + random.nextInt(5_000_000)),
                                            Instant.now());
                                    default -> bids.cancel(id, Instant.now());
                                }
                            } catch (BankException e) {
                                // Insufficient funds, or a bid that ended before it could be adjusted: both fine.
                            }
                        }
                        return null;
                    }));
                }
                for (int i = 2; i < all.size(); i++) {
                    all.get(i).get();
                }
                usersDone.set(true);
                assertTrue(passesAfterUsers.await(30, java.util.concurrent.TimeUnit.SECONDS), "the replicas kept charging");
                running.set(false);
                all.get(0).get();
                all.get(1).get();
                pool.shutdown();
                bids.chargeDue(Instant.now().plusSeconds(5));

                assertEquals(Credits.ZERO, ledger.sumOfBalances(), "every credit is somewhere");
                Credits held = Credits.ZERO;
                for (String account : ledger.accounts()) {
                    assertEquals(ledger.balance(account), ledger.replayedBalance(account), account);
                    // Each entry's balance after is the running sum of the account's entries: a bid's
                    // escrow, charges and refunds, whichever path (one call or step by step) wrote them.
                    Credits afterLine = Credits.ZERO;
                    for (var line : ledger.statement(account, Instant.EPOCH,
                            Instant.parse("9999-01-01T00:00:00Z"))) {
                        afterLine = afterLine.plus(line.change());
                        assertEquals(afterLine, line.balanceAfter(), account + " after " + line.transfer().id());
                    }
                    if (!account.equals(Bank.MINT)) {
                        assertTrue(ledger.balance(account).micros() >= 0, account);
                        held = held.plus(ledger.balance(account));
                    }
                }
                assertEquals(Credits.parse("2000"), held, "users, escrows and the owner hold what was minted");
                for (Bid b : bids.all()) {
                    assertEquals(Bid.State.ENDED, b.state(), b.id());
                    assertEquals(Credits.ZERO, ledger.balance(Bank.escrowOf(b.id())), "an ended bid's escrow is empty");
                }
            }
        }
    }
}
