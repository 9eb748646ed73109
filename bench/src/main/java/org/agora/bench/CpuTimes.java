package org.agora.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time spent by this process (the client: driver, pool, Agora's code) and by the MariaDB server
 * when it runs on this machine, so a bench can say where an operation's time goes: client CPU,
 * server CPU, or neither (waiting on the network and the disk).
 */
final class CpuTimes {
    /** Linux's clock ticks per second for /proc/PID/stat, USER_HZ, which is 100 on every architecture Agora runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private final Optional<Long> serverPid;

    private CpuTimes(Optional<Long> serverPid) {
        this.serverPid = serverPid;
    }

    /**
     * Finds the server's process: the embedded MariaDB is this JVM's child; a server named by a URL
     * is looked for only when the URL names this machine (the newest mariadbd or mysqld running).
     * Elsewhere the server's CPU is not measured.
     */
    static CpuTimes find(String databaseUrl) {
        java.util.stream.Stream<ProcessHandle> candidates;
        if (databaseUrl == null) {
            candidates = ProcessHandle.current().descendants();
        } else if (databaseUrl.contains("//127.0.0.1") || databaseUrl.contains("//localhost")) {
            candidates = ProcessHandle.allProcesses();
        } else {
            return new CpuTimes(Optional.empty());
        }
        return new CpuTimes(candidates
                .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false))
                .max(java.util.Comparator.comparing(p -> p.info().startInstant().orElse(java.time.Instant.EPOCH)))
                .map(ProcessHandle::pid));
    }

    /** A reading: nanoseconds of CPU of this process, and of the server (-1 when it is not local). */
    record Reading(long clientNanos, long serverNanos) {
    }

    Reading read() {
        long client = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Reading(client, serverPid.map(CpuTimes::nanosOf).orElse(-1L));
    }

    private static long nanosOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command, which is in parentheses and may hold spaces: utime is the 14th field.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * "client 35 µs, server 280 µs CPU per operation", from the CPU spent over {@code ops} operations
     * (a negative server figure: not measured).
     */
    static String perOperation(long clientNanos, long serverNanos, long ops) {
        if (ops == 0) {
            return "no operations";
        }
        String client = String.format("client %.0f µs", clientNanos / 1e3 / ops);
        String server = serverNanos < 0 ? "server not on this machine"
                : String.format("server %.0f µs", serverNanos / 1e3 / ops);
        return client + ", " + server + " CPU per operation";
    }
}
