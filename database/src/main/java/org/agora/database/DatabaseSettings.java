package org.agora.database;

import java.nio.file.Path;

/**
 * How to reach the database.
 *
 * @param url JDBC URL of a MariaDB server without a database name (e.g.
 *     {@code jdbc:mariadb://db.example.org:3306/}), or null for an embedded MariaDB
 * @param user user name on the server (ignored when embedded)
 * @param password password on the server, may be null or empty
 * @param embeddedDirectory where the embedded MariaDB keeps its binaries and data
 * @param poolSize connections kept open per process
 */
public record DatabaseSettings(String url, String user, String password, Path embeddedDirectory, int poolSize) {

    public DatabaseSettings {
        if (url == null && embeddedDirectory == null) {
            throw new IllegalArgumentException("either a server URL or an embedded directory is needed");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, not " + poolSize);
        }
    }

    public static DatabaseSettings server(String url, String user, String password, int poolSize) {
        return new DatabaseSettings(url, user, password, null, poolSize);
    }

    public static DatabaseSettings embedded(Path directory, int poolSize) {
        return new DatabaseSettings(null, null, null, directory, poolSize);
    }

    public boolean isEmbedded() {
        return url == null;
    }
}
