package org.agora.adapter.liveness;

import java.time.Duration;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.storage.StorageBackend;

/** The probe an adapter's {@code agora.adapter.readiness} setting names. */
public final class ReadinessProbes {
    /** How long one network probe of one guest may take: a check probes every guest not yet ready. */
    public static final Duration NETWORK_TIMEOUT = Duration.ofMillis(500);

    private ReadinessProbes() {
    }

    /**
     * @param setting {@code running}, {@code console}, {@code ping} or {@code tcp:PORT}
     * @param marker the console marker ({@code console} needs one)
     * @throws IllegalArgumentException saying what the setting may be
     */
    public static ReadinessProbe of(String setting, String marker, Hypervisor hypervisor, StorageBackend storage) {
        String s = setting == null ? "" : setting.strip();
        if (s.equals("running")) {
            return ReadinessProbe.RUNNING;
        }
        if (s.equals("console")) {
            return new ConsoleMarkerProbe(storage, marker);
        }
        if (s.equals("ping")) {
            return NetworkProbe.ping(GuestAddresses.fromMetadata(hypervisor), NETWORK_TIMEOUT);
        }
        if (s.startsWith("tcp:")) {
            return NetworkProbe.tcp(GuestAddresses.fromMetadata(hypervisor), port(s), NETWORK_TIMEOUT);
        }
        throw new IllegalArgumentException("'" + setting + "' is not a readiness probe; use running, console (with a "
                + "marker), ping, or tcp:PORT such as tcp:22");
    }

    /** Checks a setting's form without building anything; null when it is fine, else what is wrong. */
    public static String problem(String setting, String marker) {
        String s = setting == null ? "" : setting.strip();
        if (s.equals("running") || s.equals("ping")) {
            return null;
        }
        if (s.equals("console")) {
            return marker == null || marker.isEmpty() ? "console readiness needs agora.adapter.readiness.marker, the "
                    + "line the site's images print when their services are up" : null;
        }
        if (s.startsWith("tcp:")) {
            try {
                port(s);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return "'" + setting + "' is not a readiness probe; use running, console (with a marker), ping, or tcp:PORT "
                + "such as tcp:22";
    }

    private static int port(String s) {
        try {
            int port = Integer.parseInt(s.substring(4).strip());
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed form.
        }
        throw new IllegalArgumentException("'" + s + "' names no TCP port from 1 to 65535; write e.g. tcp:22");
    }
}
