package org.agora.database.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.agora.database.DatabaseSettings;
import org.agora.database.EmbeddedMariaDb;

/**
 * The MariaDB servers a test suite runs its persistence tests against: one embedded MariaDB per JVM
 * (always), and the server on 127.0.0.1:3306 (root, no password) when one answers there, as on CI.
 * Tests take a fresh database name each, so they never see each other's rows; the names taken are
 * dropped from the local server when the JVM exits, so a server that runs the suite again and again
 * (a developer's, a site's) does not fill up with test databases.
 */
public final class TestDatabases {
    /** Where CI's MariaDB listens. */
    public static final String LOCAL_SERVER = "jdbc:mariadb://127.0.0.1:3306/";

    private static EmbeddedMariaDb embedded;
    private static final Set<String> NAMES_TAKEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropTakenFromLocalServer, "test-databases-drop"));
    }

    private TestDatabases() {
    }

    /** JDBC server URLs (no database name) to run each persistence test against. */
    public static Stream<String> serverUrls() {
        List<String> urls = new ArrayList<>();
        urls.add(embedded().url());
        if (localServerAnswers()) {
            urls.add(LOCAL_SERVER);
        } else {
            System.err.println("TestDatabases: nothing listens on 127.0.0.1:3306; persistence tests run on the "
                    + "embedded MariaDB only");
        }
        return urls.stream();
    }

    /** Settings for a server URL from {@link #serverUrls()}: root, no password. */
    public static DatabaseSettings settingsFor(String serverUrl) {
        return DatabaseSettings.server(serverUrl, "root", "", 4);
    }

    /** A database name no other test uses. */
    public static String freshName(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        NAMES_TAKEN.add(name);
        return name;
    }

    private static void dropTakenFromLocalServer() {
        if (NAMES_TAKEN.isEmpty() || !localServerAnswers()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(LOCAL_SERVER, "root", ""); Statement s = c.createStatement()) {
            for (String name : NAMES_TAKEN) {
                // Names are freshName's: a prefix of the test's and hex digits, nothing to quote.
                s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        } catch (SQLException e) {
            System.err.println("TestDatabases: cannot drop the test databases " + NAMES_TAKEN + " from " + LOCAL_SERVER
                    + ": " + e.getMessage());
        }
    }

    /** The JVM's shared embedded MariaDB, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedMariaDb embedded() {
        if (embedded == null) {
            try {
                Path dir = Files.createTempDirectory("agora-test-mariadb");
                embedded = EmbeddedMariaDb.start(dir);
                EmbeddedMariaDb started = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    try {
                        org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
                    } catch (IOException e) {
                        System.err.println("TestDatabases: cannot remove " + dir + ": " + e.getMessage());
                    }
                }, "embedded-mariadb-stop"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a directory for the test MariaDB", e);
            }
        }
        return embedded;
    }

    private static boolean localServerAnswers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
