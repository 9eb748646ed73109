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
            try (Connection c = db.multiStatementDataSource().getConnection()) {
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
            try (Connection c = db.multiStatementDataSource().getConnection(); Statement st = c.createStatement()) {
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

    private static String labels(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select group_concat(label order by id separator '|') from probe")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
