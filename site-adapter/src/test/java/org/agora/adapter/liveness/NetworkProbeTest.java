package org.agora.adapter.liveness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The network readiness probes against real sockets on this host. */
class NetworkProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private static GuestAddresses guests(Map<String, List<String>> addresses) {
        return id -> addresses.getOrDefault(id, List.of());
    }

    @Test
    void aGuestIsReadyWhenItsPortAcceptsAndNotBefore() throws Exception {
        int port;
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = listening.getLocalPort();
            ReadinessProbe sshUp = NetworkProbe.tcp(guests(Map.of("ws-1", List.of("127.0.0.1"))), port, TIMEOUT);
            assertTrue(sshUp.ready("ws-1"), "the port accepts: its service is up");
        }
        ReadinessProbe closed = NetworkProbe.tcp(guests(Map.of("ws-1", List.of("127.0.0.1"))), port, TIMEOUT);
        assertFalse(closed.ready("ws-1"), "nothing listens on the port any more: not ready");
    }

    @Test
    void aGuestWithoutAnAddressIsNeverReadyByTheNetwork() {
        ReadinessProbe probe = NetworkProbe.tcp(guests(Map.of()), 22, TIMEOUT);
        assertFalse(probe.ready("ws-without-ip"));
        assertFalse(NetworkProbe.ping(guests(Map.of()), TIMEOUT).ready("ws-without-ip"));
    }

    @Test
    void pingAnswersForAReachableAddressAndNotForABrokenOne() {
        // Whether an unused routable address answers depends on the network in between (a gateway may
        // refuse for it, which Java's TCP-echo fallback counts as an answer): only what this host
        // decides alone is asserted.
        ReadinessProbe ping = NetworkProbe.ping(guests(Map.of("here", List.of("127.0.0.1"),
                "garbled", List.of("[::zz]"))), TIMEOUT);
        assertTrue(ping.ready("here"));
        assertFalse(ping.ready("garbled"), "an address that is not one is never ready");
    }
}
