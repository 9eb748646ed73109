package org.agora.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.stream.Stream;
import org.agora.database.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatementBatchTest {

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aBatchCommitsAllItsStatementsOrNoneAndLeavesTheConnectionAsItWas(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_batch"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection c = db.dataSource().getConnection()) {
                new StatementBatch().add("insert into probe values (?, ?)", 1, "one")
                        .add("update probe set label = concat(label, ?) where id = ?", "+", 1)
                        .add("insert into probe values (?, ?)", 2, "two; not a statement").executeAtomically(c);
                assertEquals("one+|two; not a statement", labels(c));

                // The third statement fails on the primary key: the first two must not remain.
                SQLException e = assertThrows(SQLException.class, () -> new StatementBatch()
                        .add("insert into probe values (?, ?)", 3, "three")
                        .add("update probe set label = ? where id = ?", "changed", 1)
                        .add("insert into probe values (?, ?)", 2, "again").executeAtomically(c));
                assertEquals(1062, e.getErrorCode(), e.getMessage());
                assertEquals("one+|two; not a statement", labels(c));
                assertTrue(c.getAutoCommit(), "the connection is back in autocommit mode");
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select @@in_transaction")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "no transaction left open");
                }
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void instantsAreWrittenAsUtcAndBatchesRefuseToRunInsideATransaction(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_batch"))) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("create table at_probe (at datetime(6) not null)");
                new StatementBatch().add("insert into at_probe values (?)", Instant.parse("2026-01-02T03:04:05.123456Z"))
                        .executeAtomically(c);
                try (ResultSet rs = st.executeQuery("select date_format(at, '%Y-%m-%d %H:%i:%s.%f') from at_probe")) {
                    rs.next();
                    assertEquals("2026-01-02 03:04:05.123456", rs.getString(1));
                }
                c.setAutoCommit(false);
                assertThrows(IllegalStateException.class, () -> new StatementBatch()
                        .add("insert into at_probe values (?)", Instant.now()).executeAtomically(c));
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aRefusingConstraintComesBackAsItselfAndStackedStatementsStayRefused(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_batch"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("create table positive (v bigint not null, constraint positive_v check (v > 0))");
                // The market tells a refusal from a failure by SQLSTATE and error code: the block's
                // handler must hand back the statement's own, not a generic one of its own.
                SQLException e = assertThrows(SQLException.class, () -> new StatementBatch()
                        .add("insert into probe values (?, ?)", 7, "seven")
                        .add("insert into positive values (?)", -1).executeAtomically(c));
                assertEquals("23000", e.getSQLState(), e.getMessage());
                assertEquals(4025, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains("positive_v"), e.getMessage());
                try (ResultSet rs = st.executeQuery("select count(*) from probe")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "the insert before the refused statement was rolled back");
                }

                // A batch is one compound statement, so the pool's connections need not accept
                // several: an injected "; statement" must stay an error on them.
                SQLException stacked = assertThrows(SQLException.class,
                        () -> st.execute("insert into probe values (8, 'eight'); delete from probe"));
                assertEquals(1064, stacked.getErrorCode(), stacked.getMessage());
                // And a value that looks like the end of the block stays a value.
                new StatementBatch().add("insert into probe values (?, ?)", 9, "'; COMMIT; END; delete from probe; --")
                        .executeAtomically(c);
                assertEquals("'; COMMIT; END; delete from probe; --", labels(c));
            }
        }
    }

    private static String labels(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select group_concat(label order by id separator '|') from probe")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
