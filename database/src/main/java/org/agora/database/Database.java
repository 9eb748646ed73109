package org.agora.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database (schema) on a MariaDB server, with a connection pool. Each component migrates its
 * own tables with its own history table, so the workspace service and the market can share a
 * server, or a schema, and still evolve separately.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final String name;
    private final String jdbcUrl;
    private final HikariDataSource pool;
    private final EmbeddedMariaDb embedded;

    private Database(String name, String jdbcUrl, HikariDataSource pool, EmbeddedMariaDb embedded) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.pool = pool;
        this.embedded = embedded;
    }

    /**
     * Opens {@code databaseName} on the configured server, or on an embedded MariaDB started for the
     * purpose, creating the database when it does not exist yet.
     */
    public static Database open(DatabaseSettings settings, String databaseName) {
        if (!NAME.matcher(databaseName).matches()) {
            throw new IllegalArgumentException("database name '" + databaseName
                    + "' must be 1 to 64 letters, digits or underscores");
        }
        EmbeddedMariaDb embedded = settings.isEmbedded() ? EmbeddedMariaDb.start(settings.embeddedDirectory()) : null;
        try {
            String server = embedded != null ? embedded.url() : settings.url();
            String user = embedded != null ? "root" : settings.user();
            String password = embedded != null ? "" : settings.password();
            createIfMissing(server, user, password, databaseName);
            String url = withDatabase(server, databaseName);
            HikariDataSource pool = pool(url, user, password, settings.poolSize(), "agora-" + databaseName);
            LOG.info("event=database.opened url={} user={} pool={}", url, user, settings.poolSize());
            return new Database(databaseName, url, pool, embedded);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int size, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(size);
        config.setPoolName(poolName);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    private static void createIfMissing(String server, String user, String password, String databaseName) {
        try (Connection c = DriverManager.getConnection(server, user, password == null ? "" : password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + databaseName
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new DatabaseException("cannot reach MariaDB at " + server + " as '" + user + "': " + e.getMessage()
                    + " (check agora.db.url, agora.db.user and agora.db.password, and that the server runs)", e);
        }
    }

    /** Puts the database name into a server URL, keeping any options after '?'. */
    static String withDatabase(String serverUrl, String databaseName) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String options = query < 0 ? "" : serverUrl.substring(query);
        int afterScheme = base.indexOf("//");
        int pathStart = base.indexOf('/', afterScheme + 2);
        String hostPart = pathStart < 0 ? base : base.substring(0, pathStart);
        return hostPart + "/" + databaseName + options;
    }

    /**
     * Applies the component's versioned migrations from {@code location} (e.g.
     * {@code classpath:db/migration/workspace}), recording them in {@code flyway_history_<component>}.
     */
    public MigrateResult migrate(String component, String location) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .locations(location)
                    .table("flyway_history_" + component)
                    // Another component's tables may already be here: start this history from zero.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            LOG.info("event=database.migrated component={} database={} applied={} version={}", component, name,
                    result.migrationsExecuted, result.targetSchemaVersion);
            return result;
        } catch (FlywayException e) {
            throw new DatabaseException("schema migration of " + component + " in database " + name + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A Hibernate session factory for {@code entities}. It validates the mapping against the
     * migrated schema and stops start-up on a mismatch; it never alters tables.
     */
    public SessionFactory sessionFactory(Class<?>... entities) {
        return sessionFactory(pool, entities);
    }

    private SessionFactory sessionFactory(DataSource connections, Class<?>... entities) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, connections)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            Arrays.stream(entities).forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw new DatabaseException("the schema of database " + name + " does not match "
                    + Arrays.stream(entities).map(Class::getSimpleName).toList() + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Drops this database with all its rows. For a database made for one run, a bench's or a test's:
     * kept, such databases pile up on the server (or in an embedded data directory kept between runs)
     * and slow every later run.
     */
    public void drop() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // The name matched NAME when the database was opened: nothing in it needs quoting.
            s.execute("DROP DATABASE `" + name + "`");
        } catch (SQLException e) {
            throw new DatabaseException("cannot drop database " + name + " at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
