package org.agora.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a service that lets each TLS handshake through but, on its first N
 * connections, swallows everything the service sends once the client has sent encrypted data: the
 * service applies the request and its answer is lost, as when a network or a process dies at the
 * wrong moment. The test decides when a swallowed connection is cut.
 */
final class AnswerSwallowingRelay implements AutoCloseable {
    private static final int TLS_APPLICATION_DATA = 23;

    private final ServerSocket listener;
    private final int targetPort;
    private final int swallowFirst;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean away;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "answer-swallowing-relay");
        t.setDaemon(true);
        return t;
    });

    /** Listens on a free port of 127.0.0.1 and relays to {@code targetPort} there. */
    AnswerSwallowingRelay(int targetPort, int swallowFirst) throws IOException {
        this(0, targetPort, swallowFirst);
    }

    /** Listens on {@code port} of 127.0.0.1 (0: a free one): the same address, back again. */
    AnswerSwallowingRelay(int port, int targetPort, int swallowFirst) throws IOException {
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.targetPort = targetPort;
        this.swallowFirst = swallowFirst;
        threads.execute(this::accept);
    }

    /** The service is gone: every connection open now is cut, and every later one closed at once. */
    void stayAway() {
        away = true;
        cut();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Closes every connection open now, as a crash or a network cut would. */
    void cut() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (away) {
                    closeQuietly(client);
                    continue;
                }
                boolean swallow = accepted.incrementAndGet() <= swallowFirst;
                Socket service = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(service);
                AtomicBoolean encrypted = new AtomicBoolean();
                threads.execute(() -> clientToService(client, service, encrypted));
                threads.execute(() -> serviceToClient(service, client, swallow, encrypted));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Record by record, so the relay knows when the client has begun to send encrypted data. */
    private static void clientToService(Socket client, Socket service, AtomicBoolean encrypted) {
        try (DataInputStream in = new DataInputStream(client.getInputStream())) {
            OutputStream out = service.getOutputStream();
            byte[] header = new byte[5];
            while (true) {
                in.readFully(header);
                byte[] body = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
                in.readFully(body);
                if (header[0] == TLS_APPLICATION_DATA) {
                    encrypted.set(true);
                }
                out.write(header);
                out.write(body);
                out.flush();
            }
        } catch (IOException ended) {
            closeQuietly(client);
            closeQuietly(service);
        }
    }

    private static void serviceToClient(Socket service, Socket client, boolean swallow, AtomicBoolean encrypted) {
        try (InputStream in = service.getInputStream()) {
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!(swallow && encrypted.get())) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException ended) {
            // Either side closed.
        } finally {
            closeQuietly(client);
            closeQuietly(service);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException alreadyClosed) {
            // Nothing more to close.
        }
    }

    /** Stops listening (later connections are refused) and cuts every open connection. */
    @Override
    public void close() {
        closeQuietly(listener);
        cut();
        threads.shutdownNow();
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException alreadyClosed) {
            // Nothing more to close.
        }
    }
}
