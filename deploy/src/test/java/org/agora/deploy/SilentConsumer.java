package org.agora.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A notification consumer that has hung: it accepts TCP connections and reads what is sent, but
 * never answers. It counts the connections made to it and the ones the sender gave up on (closed).
 */
final class SilentConsumer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger closedBySender = new AtomicInteger();
    private final Thread acceptor;

    SilentConsumer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "silent-consumer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://localhost:" + server.getLocalPort() + "/hung";
    }

    /** Connections the service opened to deliver to this consumer. */
    int connections() {
        return accepted.size();
    }

    /** Connections the service closed itself: deliveries it gave up waiting for. */
    int givenUp() {
        return closedBySender.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                Thread reader = new Thread(() -> drain(s), "silent-consumer-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void drain(Socket s) {
        try (InputStream in = s.getInputStream()) {
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // The request is read and never answered.
            }
            closedBySender.incrementAndGet();
        } catch (IOException e) {
            // Our own close at the end of the test.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
