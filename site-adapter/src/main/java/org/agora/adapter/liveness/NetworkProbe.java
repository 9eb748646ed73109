package org.agora.adapter.liveness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready once the guest answers on the network at the first address its request gave it: to an
 * echo request ({@code ping}), or by accepting a TCP connection on a port ({@code tcp:22}: its SSH
 * daemon is up). Java sends ICMP echo only with root or CAP_NET_RAW; otherwise
 * {@link InetAddress#isReachable} tries TCP port 7 and takes a refusal as an answer, which a guest's
 * firewall may drop. Each probe waits at most its timeout.
 */
public final class NetworkProbe implements ReadinessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkProbe.class);

    private final GuestAddresses addresses;
    private final int port;
    private final Duration timeout;
    private final Set<String> toldNoAddress = ConcurrentHashMap.newKeySet();

    private NetworkProbe(GuestAddresses addresses, int port, Duration timeout) {
        this.addresses = addresses;
        this.port = port;
        this.timeout = timeout;
    }

    /** Ready when the guest answers an echo request. */
    public static NetworkProbe ping(GuestAddresses addresses, Duration timeout) {
        return new NetworkProbe(addresses, 0, timeout);
    }

    /** Ready when the guest accepts a TCP connection on {@code port}. */
    public static NetworkProbe tcp(GuestAddresses addresses, int port, Duration timeout) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a TCP readiness port is from 1 to 65535, not " + port);
        }
        return new NetworkProbe(addresses, port, timeout);
    }

    @Override
    public boolean ready(String workspaceId) {
        List<String> known = addresses.of(workspaceId);
        if (known.isEmpty()) {
            if (toldNoAddress.add(workspaceId)) {
                LOG.warn("event=readiness.no_address workspace={} probe=\"{}\" reason=\"its request gave no interface "
                        + "an address, so it cannot be probed; it stays not ready\"", workspaceId, describe());
            }
            return false;
        }
        String address = known.get(0);
        try {
            if (port == 0) {
                return InetAddress.getByName(address).isReachable((int) timeout.toMillis());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return port == 0 ? "the guest answered a ping" : "the guest accepted a connection on TCP port " + port;
    }
}
