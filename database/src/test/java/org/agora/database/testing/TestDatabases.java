package org.agora.database.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.agora.database.DatabaseSettings;
import org.agora.database.EmbeddedMariaDb;
import org.agora.testing.RealPeer;

/**
 * The MariaDB servers a test suite runs its persistence tests against: one embedded MariaDB per JVM,
 * and a MariaDB server (root, no password) on 127.0.0.1:3306, or where {@value #SERVER_PROPERTY}
 * says. Each persistence test runs once on each; the server's run is a {@link RealPeer}: skipped
 * with the reason where nothing listens there, a failure under CI=true ({@code .ci/run} starts
 * Debian's mariadb-server). Tests take a fresh database name each, so they never see each other's
 * rows; the names taken are dropped from the server when the JVM exits, so a server that runs the
 * suite again and again (a developer's, a site's) does not fill up with test databases.
 */
public final class TestDatabases {
    /** System property naming the MariaDB server's JDBC URL, e.g. {@code -Dagora.test.mariadb.url=jdbc:mariadb://10.0.0.5:3306/}. */
    public static final String SERVER_PROPERTY = "agora.test.mariadb.url";
    /** The MariaDB server's JDBC URL (no database name): {@value #SERVER_PROPERTY}, else 127.0.0.1:3306. */
    public static final String LOCAL_SERVER = System.getProperty(SERVER_PROPERTY, "jdbc:mariadb://127.0.0.1:3306/");

    private static EmbeddedMariaDb embedded;
    private static final Set<String> NAMES_TAKEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropTakenFromLocalServer, "test-databases-drop"));
    }

    private TestDatabases() {
    }

    /**
     * JDBC server URLs (no database name) to run each persistence test against: the embedded one
     * first, then the server, whose runs {@link #settingsFor} skips or fails where it does not answer.
     */
    public static Stream<String> serverUrls() {
        return Stream.of(embedded().url(), LOCAL_SERVER);
    }

    /**
     * Settings for a server URL from {@link #serverUrls()}: root, no password. For the MariaDB
     * server, the calling test is skipped (failed under CI=true) if nothing listens there.
     */
    public static DatabaseSettings settingsFor(String serverUrl) {
        if (serverUrl.equals(LOCAL_SERVER)) {
            RealPeer.require("a MariaDB server at " + address().getAuthority(), localServerAnswers(), "install Debian's "
                    + "mariadb-server (root with an empty password on 127.0.0.1:3306; .ci/run starts one), or name "
                    + "another with -D" + SERVER_PROPERTY + "=jdbc:mariadb://HOST:PORT/");
        }
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
        URI address = address();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.getHost(), address.getPort() < 0 ? 3306 : address.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** host:port of {@link #LOCAL_SERVER}. */
    private static URI address() {
        try {
            URI url = new URI(LOCAL_SERVER.substring("jdbc:".length()));
            if (url.getHost() == null) {
                throw new IllegalStateException(SERVER_PROPERTY + " is '" + LOCAL_SERVER + "'; it must be a URL such "
                        + "as jdbc:mariadb://127.0.0.1:3306/");
            }
            return url;
        } catch (URISyntaxException | StringIndexOutOfBoundsException e) {
            throw new IllegalStateException(SERVER_PROPERTY + " is '" + LOCAL_SERVER + "'; it must be a URL such as "
                    + "jdbc:mariadb://127.0.0.1:3306/", e);
        }
    }
}
