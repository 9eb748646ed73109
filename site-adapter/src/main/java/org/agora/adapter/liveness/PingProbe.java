package org.agora.adapter.liveness;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Ready once the guest's address answers {@link InetAddress#isReachable}: an ICMP echo when the
 * JVM may open raw sockets (root, or {@code CAP_NET_RAW} on the java binary), otherwise a TCP
 * connection to the guest's echo port 7, where a refusal also counts as an answer. Without that
 * privilege a guest whose firewall drops port 7 silently is never ready by this probe; use
 * {@code tcp:PORT} there.
 */
public final class PingProbe implements ReadinessProbe {
    private final GuestAddresses addresses;
    private final int timeoutMillis;

    public PingProbe(GuestAddresses addresses, Duration timeout) {
        this.addresses = addresses;
        this.timeoutMillis = ReadinessProbe.timeoutMillis(timeout, "ping");
    }

    @Override
    public Verdict probe(String workspaceId) {
        GuestAddresses.Lookup where = addresses.lookup(workspaceId);
        if (!where.isFound()) {
            return Verdict.notYet(where.unknownBecause());
        }
        String target = where.address().getHostAddress() + " (" + where.source() + ")";
        try {
            return where.address().isReachable(timeoutMillis) ? Verdict.ready(target + " answered a ping")
                    : Verdict.notYet(target + " did not answer a ping within " + timeoutMillis + " ms");
        } catch (IOException e) {
            return Verdict.notYet(target + " could not be pinged: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "ping (timeout " + timeoutMillis + " ms)";
    }
}
