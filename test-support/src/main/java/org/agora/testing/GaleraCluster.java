package org.agora.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB Galera cluster of real servers (Debian's {@code mariadb-server} and {@code galera-4}) on
 * 127.0.0.1, for tests of several service replicas on a replicated database. Each member has its own
 * directory (configuration, data, socket, error log) under the one given, and four ports chosen at
 * start: SQL, group communication, incremental state transfer (IST) and full state transfer (SST,
 * by rsync). The first member bootstraps the cluster ({@code --wsrep-new-cluster}); the others join
 * it and receive its state; {@link #start} returns once every member reports the whole cluster and
 * is Synced. {@link #close} stops every member, also after a failed start, and a JVM that exits
 * without closing kills them.
 *
 * <p>Run as root, the servers run as the {@code mysql} user (mariadbd refuses root unless told, and
 * the rsync daemon that receives a state transfer drops root for {@code nobody}, who cannot write a
 * data directory); the member directories are given to that user. The members' root accounts have
 * an empty password, over TCP from 127.0.0.1 as over their sockets.
 *
 * <p>A {@link RealPeer}: where the packages are missing the test is skipped, and fails under CI=true
 * ({@code .ci/run} installs them).
 */
public final class GaleraCluster implements AutoCloseable {
    /** Debian's galera-4 provider library. */
    public static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");
    /** How long members may take to bootstrap, join and sync: state transfers on a loaded machine are slow. */
    private static final Duration START_WAIT = Duration.ofMinutes(4);
    private static final Duration STOP_WAIT = Duration.ofSeconds(90);
    private static final boolean AS_ROOT = "root".equals(System.getProperty("user.name"));

    private final List<Member> members;
    private final Thread killer;

    private GaleraCluster(List<Member> members) {
        this.members = members;
        this.killer = new Thread(() -> members.forEach(m -> {
            if (m.process != null) {
                m.process.destroyForcibly();
            }
        }), "galera-cluster-kill");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts a cluster of {@code size} members under {@code directory} (emptied first) and waits
     * until each is Synced in a cluster of {@code size}.
     */
    public static GaleraCluster start(Path directory, int size) {
        RealPeer.require("galera-4 (" + PROVIDER + ")", Files.isReadable(PROVIDER),
                "Debian package galera-4 (with mariadb-server; .ci/run installs both)");
        for (String command : List.of("mariadbd", "mariadb-install-db", "mariadb", "mariadb-admin", "rsync")) {
            RealPeer.require(command, RealPeer.commandInstalled(command),
                    "Debian packages mariadb-server, galera-4 and rsync (.ci/run installs them)");
        }
        List<Member> members = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 1; i <= size; i++) {
            members.add(new Member("node" + i, directory.toAbsolutePath().resolve("node" + i),
                    port(ports), port(ports), port(ports), port(ports)));
        }
        GaleraCluster cluster = new GaleraCluster(members);
        try {
            deleteTree(directory);
            String address = "gcomm://" + String.join(",", members.stream()
                    .map(m -> "127.0.0.1:" + m.groupPort).toList());
            for (Member m : members) {
                m.prepare(address);
            }
            members.get(0).launch(true);
            cluster.awaitUntil(() -> "ON".equals(members.get(0).status("wsrep_ready")), "the first member to bootstrap");
            for (Member m : members.subList(1, size)) {
                m.launch(false);
            }
            cluster.awaitUntil(() -> members.stream().allMatch(m -> "Synced".equals(m.status("wsrep_local_state_comment"))
                    && String.valueOf(size).equals(m.status("wsrep_cluster_size"))), "every member to be Synced in a "
                    + "cluster of " + size);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The JDBC URL (no database name) of each member's SQL port, in member order. */
    public List<String> jdbcUrls() {
        return members.stream().map(m -> "jdbc:mariadb://127.0.0.1:" + m.sqlPort + "/").toList();
    }

    /** A member's global status variable ({@code wsrep_cluster_size}, …), or null if it does not answer. */
    public String status(int member, String variable) {
        return members.get(member).status(variable);
    }

    /**
     * Shuts one member down as an admin would (the others go on as a cluster of one fewer) and waits
     * for it to exit; it is killed if it does not exit in time.
     */
    public void stop(int member) {
        Member m = members.get(member);
        if (!m.stop()) {
            throw new IllegalStateException("Galera member " + m.name + " did not stop in " + STOP_WAIT.toSeconds()
                    + " s and was killed");
        }
    }

    /**
     * Starts a stopped member again: it rejoins the running members (receiving what it missed) and
     * this returns once it is Synced and every running member reports the whole cluster again.
     */
    public void rejoin(int member) {
        Member m = members.get(member);
        if (m.process != null && m.process.isAlive()) {
            throw new IllegalStateException("Galera member " + m.name + " is running");
        }
        m.launch(false);
        String size = String.valueOf(members.size());
        awaitUntil(() -> "Synced".equals(m.status("wsrep_local_state_comment"))
                && members.stream().allMatch(o -> size.equals(o.status("wsrep_cluster_size"))),
                m.name + " to rejoin a cluster of " + size);
    }

    /** Stops every member still running, the last started first, and waits for each to exit. */
    @Override
    public void close() {
        List<String> stuck = new ArrayList<>();
        for (Member m : reversedMembers()) {
            if (!m.stop()) {
                stuck.add(m.name);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: the members are killed either way.
        }
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("Galera members " + stuck + " did not stop in " + STOP_WAIT.toSeconds()
                    + " s and were killed");
        }
    }

    private List<Member> reversedMembers() {
        List<Member> reversed = new ArrayList<>(members);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            for (Member m : members) {
                if (m.process != null && !m.process.isAlive()) {
                    throw new IllegalStateException("Galera member " + m.name + " exited with " + m.process.exitValue()
                            + " while waiting for " + what + "; its log ends:\n" + m.logTail());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + START_WAIT.toSeconds() + " s for " + what
                        + "; the members' logs end:\n" + String.join("\n", members.stream().map(Member::logTail).toList()));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static int port(Set<Integer> taken) {
        int port;
        do {
            port = FreePorts.next();
        } while (!taken.add(port));
        return port;
    }

    /** One server of the cluster: its directory, its ports, its process once launched. */
    private static final class Member {
        final String name;
        final Path dir;
        final int sqlPort;
        final int groupPort;
        final int istPort;
        final int sstPort;
        Process process;

        Member(String name, Path dir, int sqlPort, int groupPort, int istPort, int sstPort) {
            this.name = name;
            this.dir = dir;
            this.sqlPort = sqlPort;
            this.groupPort = groupPort;
            this.istPort = istPort;
            this.sstPort = sstPort;
        }

        void prepare(String clusterAddress) {
            try {
                Files.createDirectories(dir);
                run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                        "--auth-root-authentication-method=normal", "--skip-test-db"), "install-db.log");
                String config = String.join("\n",
                        "[mariadbd]",
                        "datadir=" + dir.resolve("data"),
                        "socket=" + socket(),
                        "pid-file=" + dir.resolve("mariadbd.pid"),
                        "log-error=" + dir.resolve("error.log"),
                        "bind-address=127.0.0.1",
                        "port=" + sqlPort,
                        AS_ROOT ? "user=mysql" : "",
                        "binlog_format=ROW",
                        "default_storage_engine=InnoDB",
                        "innodb_autoinc_lock_mode=2",
                        // Small: three of these share a test machine with the services under test.
                        "innodb_buffer_pool_size=32M",
                        "innodb_log_file_size=16M",
                        "performance_schema=OFF",
                        "max_connections=200",
                        "wsrep_on=ON",
                        "wsrep_provider=" + PROVIDER,
                        "wsrep_cluster_name=agora_test",
                        "wsrep_cluster_address=" + clusterAddress,
                        "wsrep_node_name=" + name,
                        "wsrep_node_address=127.0.0.1:" + groupPort,
                        "wsrep_provider_options=\"gmcast.listen_addr=tcp://127.0.0.1:" + groupPort
                                + ";ist.recv_addr=127.0.0.1:" + istPort + ";gcache.size=16M\"",
                        "wsrep_sst_method=rsync",
                        "wsrep_sst_receive_address=127.0.0.1:" + sstPort,
                        "");
                Files.writeString(dir.resolve("my.cnf"), config, StandardCharsets.UTF_8);
                if (AS_ROOT) {
                    giveToMysql(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare Galera member " + name + " in " + dir, e);
            }
        }

        void launch(boolean bootstrap) {
            List<String> command = new ArrayList<>(List.of("mariadbd", "--defaults-file=" + dir.resolve("my.cnf")));
            if (bootstrap) {
                command.add("--wsrep-new-cluster");
            }
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("console.log").toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Galera member " + name, e);
            }
        }

        String status(String variable) {
            if (process == null || !process.isAlive()) {
                return null;
            }
            try {
                Process client = new ProcessBuilder("mariadb", "--no-defaults", "--socket=" + socket(), "-uroot",
                        "-N", "-B", "-e", "SHOW GLOBAL STATUS LIKE '" + variable + "'")
                        .redirectErrorStream(true).start();
                String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!client.waitFor(30, TimeUnit.SECONDS) || client.exitValue() != 0) {
                    client.destroyForcibly();
                    return null;
                }
                String[] columns = out.split("\t");
                return columns.length == 2 ? columns[1].strip() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Shuts the server down; kills it if it does not exit in time. Whether it stopped by itself. */
        boolean stop() {
            if (process == null || !process.isAlive()) {
                return true;
            }
            try {
                Process admin = new ProcessBuilder("mariadb-admin", "--no-defaults", "--socket=" + socket(), "-uroot",
                        "shutdown").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                admin.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
                if (process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    return true;
                }
            } catch (IOException e) {
                // Killed below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            return false;
        }

        String logTail() {
            Path log = dir.resolve("error.log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
                return "[" + name + "] " + String.join("\n[" + name + "] ",
                        lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "[" + name + "] (cannot read " + log + ": " + e.getMessage() + ")";
            }
        }

        private Path socket() {
            return dir.resolve("mariadbd.sock");
        }

        private void run(List<String> command, String logName) throws IOException {
            List<String> full = new ArrayList<>(command);
            if (AS_ROOT) {
                full.add("--user=mysql");
            }
            Path log = dir.resolve(logName);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", full) + " failed for Galera member " + name
                            + ": " + Files.readString(log, StandardCharsets.ISO_8859_1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing Galera member " + name, e);
            }
        }

        /** The member's directory and all in it to the mysql user the server runs as. */
        private static void giveToMysql(Path dir) throws IOException {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName("mysql");
            GroupPrincipal group = lookup.lookupPrincipalByGroupName("mysql");
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.toList()) {
                    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                    view.setOwner(user);
                    view.setGroup(group);
                }
            }
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + directory + " for a Galera cluster", e);
        }
    }
}
