package org.agora.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.agora.database.Database;
import org.agora.database.DatabaseSettings;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.agora.market.sls.HostRegistration;
import org.agora.market.sls.ServiceLocation;
import org.hibernate.SessionFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one durable bid and one raw single-row commit send to the server, counted from the embedded
 * MariaDB's general log (every command the server received, including those the driver or the pool
 * send on their own: autocommit toggles, session checks). The ORM's statistics would miss those.
 */
@Command(name = "bid-round-trips", mixinStandardHelpOptions = true)
public final class BidRoundTrips implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--bids", defaultValue = "50", description = "Bids (and raw commits) to count over.")
    int bids;

    @Option(names = "--show", defaultValue = "true", description = "Print one bid's commands as the server logged them.")
    boolean show;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BidRoundTrips()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(
                java.nio.file.Path.of("target", "bench-market").toAbsolutePath());
        String name = "agora_round_trips_" + Long.toHexString(System.nanoTime());
        try (Database db = Database.open(DatabaseSettings.embedded(dir.resolve("mariadb"), 2), name)) {
            db.migrate("market", "classpath:db/migration/market");
            try (Connection c = db.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("create table bench_raw (id bigint auto_increment primary key, v bigint not null) engine=InnoDB");
            }
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                ledger.open(Bank.accountOf("/CN=U0"), AccountKind.USER, "/CN=U0");
                ledger.transfer("m0", Bank.MINT, Bank.accountOf("/CN=U0"), Credits.ofWhole(1_000_000L), "", "bench");
                BidBook book = new BidBook(sessions, ledger);
                new ServiceLocation(sessions, Duration.ofHours(1), Clock.systemUTC()).heartbeat(new HostRegistration(
                        "wn0", "site0", "kvm", "x86_64", 8, 262_144, 131_072, "/CN=Owner", 0, "https://wn0:8444/agora-node/Node"));
                // Warm: the first use of a pooled connection and of each statement is not what is counted.
                book.place("warm", "/CN=U0", "wn0", "/CN=Owner", null, Credits.parse("0.001"),
                        Instant.now().plus(Duration.ofHours(1)), Instant.now());
                int n = bids;
                count(db, "durable bid", () -> {
                    for (int i = 0; i < n; i++) {
                        book.place("b" + i, "/CN=U0", "wn0", "/CN=Owner", null, Credits.parse("0.001"),
                                Instant.now().plus(Duration.ofHours(1)), Instant.now());
                    }
                });
                count(db, "raw single-row commit (autocommit)", () -> {
                    for (int i = 0; i < n; i++) {
                        try (Connection c = db.dataSource().getConnection();
                             PreparedStatement p = c.prepareStatement("insert into bench_raw (v) values (?)")) {
                            p.setLong(1, i);
                            p.executeUpdate();
                        }
                    }
                });
                count(db, "raw single-row commit (JDBC transaction)", () -> {
                    for (int i = 0; i < n; i++) {
                        try (Connection c = db.dataSource().getConnection();
                             PreparedStatement p = c.prepareStatement("insert into bench_raw (v) values (?)")) {
                            c.setAutoCommit(false);
                            p.setLong(1, i);
                            p.executeUpdate();
                            c.commit();
                        }
                    }
                });
            }
        }
        return 0;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private void count(Database db, String what, Work work) throws Exception {
        try (Connection log = db.dataSource().getConnection(); Statement st = log.createStatement()) {
            st.execute("set global general_log = 0");
            st.execute("set global log_output = 'TABLE'");
            st.execute("truncate table mysql.general_log");
            st.execute("set global general_log = 1");
            work.run();
            st.execute("set global general_log = 0");
            long mine;
            try (ResultSet rs = st.executeQuery("select connection_id()")) {
                rs.next();
                mine = rs.getLong(1);
            }
            String others = " from mysql.general_log where thread_id <> " + mine;
            try (ResultSet rs = st.executeQuery("select count(*)" + others)) {
                rs.next();
                System.out.printf("%s: %.2f commands each over %d%n", what, rs.getLong(1) / (double) bids, bids);
            }
            // Literals differ from bid to bid: counted by the statement's shape, in the order first seen.
            java.util.Map<String, Integer> shapes = new java.util.LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("select command_type, argument" + others + " order by event_time")) {
                while (rs.next()) {
                    String shape = rs.getString(1) + " " + rs.getString(2).replaceAll("'(?:[^'\\\\]|\\\\.)*'", "?")
                            .replaceAll("\\b\\d+(\\.\\d+)?\\b", "?").replaceAll("\\s+", " ");
                    shapes.merge(shape.length() > 150 ? shape.substring(0, 150) + "…" : shape, 1, Integer::sum);
                }
            }
            shapes.forEach((shape, n) -> System.out.printf("  %6.2f  %s%n", n / (double) bids, shape));
        }
    }
}
