package org.agora.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.agora.database.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The retry policy against the failures MariaDB really raises. */
class TransientFailuresTest {

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aLockWaitGivenUpIsRetriedAndTheNextAttemptCommits(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_retry"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection holder = db.dataSource().getConnection();
                 Connection writer = db.dataSource().getConnection()) {
                insertOne(holder);
                lockRow(holder);
                shortLockWait(writer);
                AtomicInteger attempts = new AtomicInteger();
                SQLException[] first = new SQLException[1];
                int updated = TransientFailures.DEFAULT.run(() -> {
                    if (attempts.incrementAndGet() == 2) {
                        holder.commit(); // the other transaction ends: the row is free now
                    }
                    try (Statement st = writer.createStatement()) {
                        return st.executeUpdate("update probe set label = 'written' where id = 1");
                    } catch (SQLException e) {
                        first[0] = e;
                        throw e;
                    }
                });
                assertEquals(2, attempts.get());
                assertEquals(1, updated);
                assertEquals(1205, first[0].getErrorCode(), "the first attempt waited for the lock in vain");
                assertEquals("written", label(writer));
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aDuplicateKeyIsNotRetriedAndComesBackAsThrown(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_retry"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection c = db.dataSource().getConnection()) {
                insertOne(c);
                AtomicInteger attempts = new AtomicInteger();
                SQLException[] raised = new SQLException[1];
                SQLException thrown = assertThrows(SQLException.class, () -> TransientFailures.DEFAULT.run(() -> {
                    attempts.incrementAndGet();
                    try (Statement st = c.createStatement()) {
                        return st.executeUpdate("insert into probe values (1, 'again')");
                    } catch (SQLException e) {
                        raised[0] = e;
                        throw e;
                    }
                }));
                assertEquals(1, attempts.get(), "a constraint refuses the same way every time");
                assertSame(raised[0], thrown);
                assertEquals(1062, thrown.getErrorCode());
                assertFalse(TransientFailures.isTransient(thrown));
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aLockNeverFreedGivesUpAfterTheBoundWithTheLastFailure(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_retry"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection holder = db.dataSource().getConnection();
                 Connection writer = db.dataSource().getConnection()) {
                insertOne(holder);
                lockRow(holder);
                shortLockWait(writer);
                AtomicInteger attempts = new AtomicInteger();
                RuntimeException thrown = assertThrows(RuntimeException.class, () -> TransientFailures.DEFAULT
                        .withAttempts(2).run(() -> {
                            attempts.incrementAndGet();
                            try (Statement st = writer.createStatement()) {
                                return st.executeUpdate("update probe set label = 'written' where id = 1");
                            } catch (SQLException e) {
                                // Unchecked, as Hibernate hands JDBC errors on: the cause must stay reachable.
                                throw new IllegalStateException("update of probe 1 failed", e);
                            }
                        }));
                holder.rollback();
                assertEquals(2, attempts.get());
                assertEquals("update of probe 1 failed", thrown.getMessage());
                assertEquals(1205, ((SQLException) thrown.getCause()).getErrorCode());
                assertTrue(TransientFailures.isTransient(thrown));
                assertEquals("one", label(writer), "no attempt got through");
            }
        }
    }

    private static void insertOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("insert into probe values (1, 'one')");
        }
    }

    /** Holds row 1 under a write lock in an open transaction on {@code c}. */
    private static void lockRow(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select * from probe where id = 1 for update")) {
            assertTrue(rs.next());
        }
    }

    /** A waiter on {@code c} gives up after one second (ER_LOCK_WAIT_TIMEOUT), the least MariaDB allows. */
    private static void shortLockWait(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set session innodb_lock_wait_timeout = 1");
        }
    }

    private static String label(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select label from probe where id = 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
