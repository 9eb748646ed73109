package org.agora.market.bank;

import java.time.Clock;
import java.util.Random;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.SessionFactory;

/**
 * A process that does nothing but random transfers (with retried ids) against a ledger database
 * until it is killed: the crash test's victim. Arguments: server URL, database name, seed.
 */
public final class LedgerHammer {
    private LedgerHammer() {
    }

    public static void main(String[] args) throws Exception {
        String server = args[0];
        String database = args[1];
        Random random = new Random(Long.parseLong(args[2]));
        try (Database db = Database.open(TestDatabases.settingsFor(server), database);
             SessionFactory sessions = db.sessionFactory(HibernateLedger.ENTITIES)) {
            Ledger ledger = new HibernateLedger(sessions, Clock.systemUTC());
            System.out.println("ready");
            System.out.flush();
            for (long i = 0; ; i++) {
                int from = random.nextInt(5);
                int to = (from + 1 + random.nextInt(4)) % 5;
                // Half the ids repeat an earlier one: a client retrying after a lost answer.
                String id = random.nextBoolean() ? "t-" + args[2] + "-" + i : "t-" + args[2] + "-" + random.nextInt((int) i + 1);
                try {
                    ledger.transfer(id, "user:" + from, "user:" + to, new Credits(1 + random.nextInt(3_000_000)), "", "hammer");
                } catch (BankException e) {
                    // Insufficient funds or an id reused for another movement: refused, nothing moved.
                }
            }
        }
    }
}
