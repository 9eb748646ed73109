package org.agora.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.stream.Stream;
import org.agora.database.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProcedureCallTest {

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    /** The shape the market's procedures have: their own transaction, rolled back and re-raised on error. */
    private static final String TWO_ROWS = """
            CREATE PROCEDURE two_rows(p_id TYPE OF probe.id, p_label TYPE OF probe.label, p_at DATETIME(6))
            BEGIN
              DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
              START TRANSACTION;
              INSERT INTO probe VALUES (p_id, concat(p_label, ' ', date_format(p_at, '%Y-%m-%d %H:%i:%s.%f')));
              INSERT INTO probe VALUES (p_id + 1, p_label);
              COMMIT;
            END""";

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aCallCommitsWholeOrRefusesWithTheFailingStatementsOwnError(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_call"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute(TWO_ROWS);
                new ProcedureCall("two_rows", 1, "one", Instant.parse("2026-01-02T03:04:05.123456Z")).executeAtomically(c);
                assertEquals("one 2026-01-02 03:04:05.123456|one", labels(c), "both rows, the instant written as UTC");

                // Its second row's id (3 + 1 = 4) is free, its first (2) is taken by the first call's
                // second row: refused on the first statement, nothing written.
                SQLException refused = assertThrows(SQLException.class,
                        () -> new ProcedureCall("two_rows", 2, "two", Instant.now()).executeAtomically(c));
                assertEquals(1062, refused.getErrorCode(), refused.getMessage());
                // Refused on its second statement (id 1 exists): the first statement's row must not remain.
                assertThrows(SQLException.class,
                        () -> new ProcedureCall("two_rows", 0, "zero", Instant.now()).executeAtomically(c));
                assertEquals("one 2026-01-02 03:04:05.123456|one", labels(c));
                try (ResultSet rs = st.executeQuery("select @@in_transaction")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "no transaction left open");
                }

                c.setAutoCommit(false);
                assertThrows(IllegalStateException.class,
                        () -> new ProcedureCall("two_rows", 5, "five", Instant.now()).executeAtomically(c));
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void onlyAPlainNameIsCalled() {
        assertThrows(IllegalArgumentException.class, () -> new ProcedureCall("two_rows(); drop table probe; --"));
    }

    private static String labels(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select group_concat(label order by id separator '|') from probe")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
