package org.agora.adapter.liveness;

import java.time.Duration;
import org.agora.adapter.storage.StorageBackend;

/**
 * The readiness probe a site chose ({@code agora.adapter.readiness}): {@code running},
 * {@code console}, {@code ping} or {@code tcp:PORT}.
 *
 * @param port the TCP port of {@link Kind#TCP}; 0 for the others
 */
public record ReadinessChoice(Kind kind, int port) {
    /** The words a site writes, as {@link #parse} reads them. */
    public static final String ALLOWED = "running, console, ping or tcp:PORT (PORT from 1 to 65535)";

    public enum Kind { RUNNING, CONSOLE, PING, TCP }

    public ReadinessChoice {
        if (kind == Kind.TCP ? port < 1 || port > 65535 : port != 0) {
            throw new IllegalArgumentException(kind == Kind.TCP ? "tcp needs a port from 1 to 65535, not " + port
                    : kind.name().toLowerCase() + " takes no port");
        }
    }

    /** Reads a choice as written in the configuration file; refuses anything else naming {@link #ALLOWED}. */
    public static ReadinessChoice parse(String text) {
        String t = text.strip();
        switch (t) {
            case "running": return new ReadinessChoice(Kind.RUNNING, 0);
            case "console": return new ReadinessChoice(Kind.CONSOLE, 0);
            case "ping": return new ReadinessChoice(Kind.PING, 0);
            default:
                if (t.matches("tcp:[0-9]{1,5}")) {
                    return new ReadinessChoice(Kind.TCP, Integer.parseInt(t.substring(4)));
                }
                throw new IllegalArgumentException("'" + text + "' is not a readiness probe; use " + ALLOWED);
        }
    }

    /** Whether the probe reaches the guest over the network, and so needs its address. */
    public boolean network() {
        return kind == Kind.PING || kind == Kind.TCP;
    }

    /**
     * The probe, over the node's parts.
     *
     * @param marker the console marker ({@link Kind#CONSOLE} only)
     * @param timeout how long one network probe may wait for the guest
     */
    public ReadinessProbe probe(StorageBackend storage, String marker, GuestAddresses addresses, Duration timeout) {
        return switch (kind) {
            case RUNNING -> new RunningProbe();
            case CONSOLE -> new ConsoleMarkerProbe(storage, marker);
            case PING -> new PingProbe(addresses, timeout);
            case TCP -> new TcpConnectProbe(addresses, port, timeout);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.TCP ? "tcp:" + port : kind.name().toLowerCase();
    }
}
