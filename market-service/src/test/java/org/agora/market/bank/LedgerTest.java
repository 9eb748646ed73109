package org.agora.market.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger on a real MariaDB (embedded, and the server on 127.0.0.1:3306 when it answers). */
class LedgerTest {
    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    private interface LedgerBody {
        void run(Ledger ledger) throws Exception;
    }

    private static void withLedger(String server, LedgerBody body) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_bank"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(HibernateLedger.ENTITIES)) {
                Ledger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                body.run(ledger);
            }
        }
    }

    private static Credits c(String amount) {
        return Credits.parse(amount);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void transfersMoveMoneyOnceAndRefusalsLeaveNoTrace(String server) throws Exception {
        withLedger(server, ledger -> {
            ledger.open("user:a", AccountKind.USER, "/CN=A");
            ledger.open("user:b", AccountKind.USER, "/CN=B");
            ledger.transfer("mint-1", Bank.MINT, "user:a", c("100"), "grant", "/CN=Admin");
            Transfer t = ledger.transfer("t-1", "user:a", "user:b", c("30.25"), "pay", "/CN=A");
            Transfer again = ledger.transfer("t-1", "user:a", "user:b", c("30.25"), "pay", "/CN=A");
            assertEquals(t, again, "a retried transfer answers with the first application");
            assertEquals(c("69.75"), ledger.balance("user:a"));
            assertEquals(c("30.25"), ledger.balance("user:b"));

            BankException reused = assertThrows(BankException.class,
                    () -> ledger.transfer("t-1", "user:a", "user:b", c("1"), "pay", "/CN=A"));
            assertEquals(BankException.Reason.TRANSFER_ID_REUSED, reused.reason());
            BankException poor = assertThrows(BankException.class,
                    () -> ledger.transfer("t-2", "user:b", "user:a", c("30.250001"), "too much", "/CN=B"));
            assertEquals(BankException.Reason.INSUFFICIENT_FUNDS, poor.reason());
            assertTrue(poor.getMessage().contains("holds 30.25 credits"), poor.getMessage());
            assertTrue(ledger.find("t-2").isEmpty(), "a refused transfer is not recorded");
            assertEquals(BankException.Reason.UNKNOWN_ACCOUNT, assertThrows(BankException.class,
                    () -> ledger.transfer("t-3", "user:a", "user:nobody", c("1"), "", "/CN=A")).reason());
            assertEquals(BankException.Reason.INVALID_AMOUNT, assertThrows(BankException.class,
                    () -> ledger.transfer("t-4", "user:a", "user:b", c("0"), "", "/CN=A")).reason());

            assertEquals(Credits.ZERO, ledger.sumOfBalances());
            for (String account : ledger.accounts()) {
                assertEquals(ledger.balance(account), ledger.replayedBalance(account), account);
            }
            var statement = ledger.statement("user:a", Instant.EPOCH, Instant.now().plusSeconds(60));
            assertEquals(List.of(c("100"), c("-30.25")), statement.stream().map(Ledger.StatementLine::change).toList());
            assertEquals(c("69.75"), statement.get(1).balanceAfter());
        });
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void concurrentClientsWithRetriesNeverCreateOrLoseMoney(String server) throws Exception {
        withLedger(server, ledger -> {
            int users = 6;
            for (int i = 0; i < users; i++) {
                ledger.open("user:" + i, AccountKind.USER, "/CN=U" + i);
                ledger.transfer("mint-" + i, Bank.MINT, "user:" + i, c("1000"), "grant", "/CN=Admin");
            }
            Credits minted = c("6000");
            Set<String> applied = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    Random random = new Random(worker);
                    for (int i = 0; i < 150; i++) {
                        int from = random.nextInt(users);
                        int to = (from + 1 + random.nextInt(users - 1)) % users;
                        // A third of the ids are shared between workers: the same transfer sent twice.
                        String id = random.nextInt(3) == 0 ? "shared-" + from + "-" + to + "-" + (i % 20)
                                : "w" + worker + "-" + i;
                        Credits amount = id.startsWith("shared") ? c("7") : new Credits(1 + random.nextInt(50_000_000));
                        try {
                            applied.add(ledger.transfer(id, "user:" + from, "user:" + to, amount, "", "/CN=U" + from).id());
                        } catch (BankException e) {
                            if (e.reason() != BankException.Reason.INSUFFICIENT_FUNDS) {
                                throw new AssertionError(e.getMessage(), e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();
            assertEquals(Credits.ZERO, ledger.sumOfBalances(), "every credit is somewhere");
            Credits held = Credits.ZERO;
            for (int i = 0; i < users; i++) {
                Credits balance = ledger.balance("user:" + i);
                assertTrue(balance.micros() >= 0, "user:" + i + " went below zero: " + balance);
                assertEquals(balance, ledger.replayedBalance("user:" + i), "user:" + i + " agrees with its ledger");
                // A statement must add up line by line: each entry's balance after is the running sum
                // of the account's entries, however the concurrent transfers interleaved.
                Credits running = Credits.ZERO;
                for (Ledger.StatementLine line : ledger.statement("user:" + i, Instant.EPOCH,
                        Instant.now().plusSeconds(60))) {
                    running = running.plus(line.change());
                    assertEquals(running, line.balanceAfter(), "user:" + i + " after " + line.transfer().id());
                }
                held = held.plus(balance);
            }
            assertEquals(minted, held, "users hold exactly what was minted");
            assertEquals(minted.micros(), -ledger.balance(Bank.MINT).micros());
            for (String id : applied) {
                assertTrue(ledger.find(id).isPresent(), id);
            }
        });
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void theDatabaseItselfRefusesANegativeBalanceOutsideTheMint(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_bank"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("insert into bank_account (id, kind, balance, created_at) values "
                        + "('mint', 'MINT', 0, now()), ('user:a', 'USER', 0, now())");
                st.execute("update bank_account set balance = -1 where id = 'mint'");
                SQLException e = assertThrows(SQLException.class,
                        () -> st.execute("update bank_account set balance = -1 where id = 'user:a'"));
                assertTrue(e.getMessage().contains("balance_covered"), e.getMessage());
                assertTrue(e.getSQLState().startsWith("23"), "a constraint's refusal: " + e.getSQLState());
            }
        }
    }
}
