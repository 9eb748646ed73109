package org.agora.adapter.liveness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Ready once a TCP connection to a port on the guest's address is accepted (sshd on 22, a web
 * server on 80): the service the user came for answers, which no console line proves. The
 * connection is closed at once, without a byte sent.
 */
public final class TcpConnectProbe implements ReadinessProbe {
    private final GuestAddresses addresses;
    private final int port;
    private final int timeoutMillis;

    public TcpConnectProbe(GuestAddresses addresses, int port, Duration timeout) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a TCP readiness probe needs a port from 1 to 65535, not " + port);
        }
        this.addresses = addresses;
        this.port = port;
        this.timeoutMillis = ReadinessProbe.timeoutMillis(timeout, "TCP");
    }

    @Override
    public Verdict probe(String workspaceId) {
        GuestAddresses.Lookup where = addresses.lookup(workspaceId);
        if (!where.isFound()) {
            return Verdict.notYet(where.unknownBecause());
        }
        String target = where.address().getHostAddress() + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(where.address(), port), timeoutMillis);
            return Verdict.ready(target + " (" + where.source() + ") accepted a TCP connection");
        } catch (SocketTimeoutException e) {
            return Verdict.notYet(target + " (" + where.source() + ") did not answer a TCP connection within "
                    + timeoutMillis + " ms");
        } catch (IOException e) {
            return Verdict.notYet(target + " (" + where.source() + ") refused or could not be reached: "
                    + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "tcp:" + port + " (connect timeout " + timeoutMillis + " ms)";
    }
}
