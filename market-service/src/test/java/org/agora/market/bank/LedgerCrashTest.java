package org.agora.market.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/**
 * Kills processes doing transfers with SIGKILL at random moments, several times, and checks after
 * each kill that no credit was created or lost, every balance equals its ledger replay, and every
 * applied transfer wrote exactly its two entries.
 */
class LedgerCrashTest {
    @Test
    void sigkillAtRandomMomentsLeavesTheBooksExact() throws Exception {
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        String database = TestDatabases.freshName("agora_crash");
        Credits minted = Credits.ofWhole(5 * 100);
        try (Database db = Database.open(TestDatabases.settingsFor(server), database)) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(HibernateLedger.ENTITIES)) {
                Ledger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                for (int u = 0; u < 5; u++) {
                    ledger.open("user:" + u, AccountKind.USER, "/CN=U" + u);
                    ledger.transfer("mint-" + u, Bank.MINT, "user:" + u, Credits.ofWhole(100), "", "test");
                }
                Random random = new Random(42);
                for (int round = 0; round < 4; round++) {
                    List<Process> victims = List.of(hammer(server, database, round * 2), hammer(server, database, round * 2 + 1));
                    for (Process p : victims) {
                        awaitReady(p);
                    }
                    Thread.sleep(300 + random.nextInt(1500));
                    for (Process p : victims) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client side
                    }
                    for (Process p : victims) {
                        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the victim died");
                    }
                    assertBooksExact(ledger, db, minted, round);
                }
            }
        }
    }

    private static void assertBooksExact(Ledger ledger, Database db, Credits minted, int round) throws Exception {
        assertEquals(Credits.ZERO, ledger.sumOfBalances(), "round " + round + ": every credit is somewhere");
        Credits held = Credits.ZERO;
        for (String account : ledger.accounts()) {
            Credits balance = ledger.balance(account);
            assertEquals(balance, ledger.replayedBalance(account), "round " + round + ": " + account + " replays");
            if (!account.equals(Bank.MINT)) {
                assertTrue(balance.micros() >= 0, account);
                held = held.plus(balance);
            }
        }
        assertEquals(minted, held, "round " + round + ": users hold what was minted");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*), sum(n <> 2), sum(total <> 0) from (select t.id, "
                     + "count(e.id) n, coalesce(sum(e.amount), 0) total from bank_transfer t left join bank_entry e "
                     + "on e.transfer_id = t.id group by t.id) x")) {
            rs.next();
            assertTrue(rs.getLong(1) > 10, "round " + round + ": transfers were applied before the kill");
            assertEquals(0, rs.getLong(2), "round " + round + ": every transfer has exactly its two entries");
            assertEquals(0, rs.getLong(3), "round " + round + ": every transfer's entries sum to zero");
        }
    }

    private static Process hammer(String server, String database, int seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LedgerHammer.class.getName(),
                server, database, Integer.toString(seed)).redirectErrorStream(true).start();
    }

    private static void awaitReady(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains("ready")) {
                // Keep draining so the victim never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (java.io.IOException ignored) {
                        // the victim was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("the hammer process ended before it was ready");
    }
}
