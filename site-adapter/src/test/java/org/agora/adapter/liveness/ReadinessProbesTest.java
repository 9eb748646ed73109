package org.agora.adapter.liveness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readiness probes against real sockets, addresses and console files. */
class ReadinessProbesTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private static GuestAddresses at(String ip) {
        return id -> {
            try {
                return GuestAddresses.Lookup.found(InetAddress.getByName(ip), "the address its request gave");
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** A port nothing listens on: one the kernel just gave a socket that is closed again. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void aGuestAcceptingConnectionsOnThePortIsReady() throws Exception {
        try (ServerSocket sshd = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ReadinessProbe.Verdict v = new TcpConnectProbe(at("127.0.0.1"), sshd.getLocalPort(), TIMEOUT).probe("w1");
            assertTrue(v.ready(), v.detail());
            assertTrue(v.detail().contains("127.0.0.1:" + sshd.getLocalPort()), v.detail());
        }
    }

    @Test
    void aGuestWhosePortIsClosedIsNotReadyYetAndSaysWhere() throws Exception {
        int port = closedPort();
        ReadinessProbe.Verdict v = new TcpConnectProbe(at("127.0.0.1"), port, TIMEOUT).probe("w1");
        assertFalse(v.ready(), v.detail());
        assertTrue(v.detail().contains("127.0.0.1:" + port + " (the address its request gave) refused"), v.detail());
    }

    @Test
    void aGuestWithoutAKnownAddressIsNotReadyWithTheReason() {
        GuestAddresses none = id -> GuestAddresses.Lookup.unknown("its request gave no Ip and libvirt has seen none");
        ReadinessProbe.Verdict tcp = new TcpConnectProbe(none, 22, TIMEOUT).probe("w1");
        ReadinessProbe.Verdict ping = new PingProbe(none, TIMEOUT).probe("w1");
        assertFalse(tcp.ready());
        assertFalse(ping.ready());
        assertTrue(tcp.detail().contains("no Ip"), tcp.detail());
        assertTrue(ping.detail().contains("no Ip"), ping.detail());
    }

    @Test
    void theLoopbackAddressAnswersAPing() {
        // Without CAP_NET_RAW this is the TCP echo port: refused on 127.0.0.1, which counts as an answer.
        ReadinessProbe.Verdict v = new PingProbe(at("127.0.0.1"), TIMEOUT).probe("w1");
        assertTrue(v.ready(), v.detail());
        assertTrue(v.detail().startsWith("127.0.0.1 "), v.detail());
    }

    @Test
    void anAddressNobodyHoldsIsNotReady() {
        // 198.51.100.0/24 is TEST-NET-2 (RFC 5737), never routed. Not TEST-NET-1: some CI sandboxes
        // number their own network 192.0.2.0/24, with a gateway answering on 192.0.2.1.
        // Without root Java pings over TCP port 7, which a sandbox's network may answer for any address.
        RealPeer.require("root, for an ICMP ping", "root".equals(System.getProperty("user.name")),
                "run as root, as .ci/run does; without it Java pings TCP port 7, which a network may answer for any address");
        ReadinessProbe.Verdict v = new PingProbe(at("198.51.100.1"), Duration.ofMillis(300)).probe("w1");
        assertFalse(v.ready(), v.detail());
        assertTrue(v.detail().equals("198.51.100.1 (the address its request gave) did not answer a ping within 300 ms"),
                v.detail());
    }

    @Test
    void theConsoleProbeWaitsForTheMarkerLine() throws Exception {
        RawCopyStorage storage = new RawCopyStorage(dir);
        ConsoleMarkerProbe probe = new ConsoleMarkerProbe(storage, "AGORA-READY");
        assertFalse(probe.probe("w1").ready(), "no console yet");
        Path console = storage.consoleLog("w1");
        Files.createDirectories(console.getParent());
        Files.writeString(console, "Booting Linux...\n");
        assertFalse(probe.probe("w1").ready(), "booting, no marker yet");
        Files.writeString(console, "Booting Linux...\nAGORA-READY\n");
        ReadinessProbe.Verdict v = probe.probe("w1");
        assertTrue(v.ready(), v.detail());
        assertTrue(v.detail().equals("'AGORA-READY' appeared on the console"), v.detail());
    }
}
