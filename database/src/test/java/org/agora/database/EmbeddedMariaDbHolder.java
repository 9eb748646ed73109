package org.agora.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A JVM that holds an embedded MariaDB on a data directory, for a test to kill: it writes one row,
 * prints "ready", and keeps the server until its standard input ends (the test that started it
 * is gone) or it is killed.
 */
public final class EmbeddedMariaDbHolder {
    private EmbeddedMariaDbHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of(args[0]));
             Connection c = DriverManager.getConnection(db.url(), "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE kept");
            s.execute("CREATE TABLE kept.note (text VARCHAR(64)) ENGINE=InnoDB");
            s.execute("INSERT INTO kept.note VALUES ('written before the kill')");
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Held until the parent closes our input.
            }
        }
    }
}
