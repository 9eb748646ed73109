package org.agora.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.agora.database.testing.TestDatabases;

/** The MariaDB server a system test that needs just one runs on. */
public final class Databases {
    private Databases() {
    }

    /**
     * The server on 127.0.0.1:3306 when one answers (as on CI), else the embedded MariaDB: both
     * are real MariaDB, and the local one spares starting another on a busy machine.
     */
    public static String quickest() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 500);
            return TestDatabases.LOCAL_SERVER;
        } catch (IOException nothingListens) {
            return TestDatabases.serverUrls().findFirst().orElseThrow();
        }
    }
}
