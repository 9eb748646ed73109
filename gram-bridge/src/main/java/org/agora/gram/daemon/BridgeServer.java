package org.agora.gram.daemon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.agora.gram.protocol.LineReader;
import org.agora.gram.protocol.ProtocolException;
import org.agora.gram.protocol.Reply;
import org.agora.gram.protocol.Request;
import org.agora.gram.protocol.RequestReader;
import org.agora.gram.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Unix domain socket. Every local user may connect (the job managers run as the
 * mapped users); each connection is its peer's, named by the kernel (SO_PEERCRED), and may only
 * see that user's jobs. One thread per connection, at most a configured number.
 */
public final class BridgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeServer.class);
    private final Path socket;
    private final ServerSocketChannel server;
    private final RequestHandler handler;
    private final ThreadPoolExecutor connections;
    private final Thread acceptor;

    public BridgeServer(Path socket, RequestHandler handler, int maxConnections) throws IOException {
        this.socket = socket;
        this.handler = handler;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        this.connections = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(null, r, "gram-bridge-connection", 256 * 1024);
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::accept, "gram-bridge-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.error("accepting on {}: {}", socket, e.toString());
                }
                continue;
            }
            try {
                connections.execute(() -> serve(channel));
            } catch (RejectedExecutionException full) {
                try (channel) {
                    Reply.error("busy", "the bridge serves " + connections.getMaximumPoolSize()
                            + " connections, its limit (agora.gram.connections.max)").writeTo(Channels.newOutputStream(channel));
                } catch (IOException ignored) {
                    // the client reconnects
                }
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            converse(channel);
        } catch (IOException e) {
            LOG.debug("connection ended: {}", e.toString());
        }
    }

    private void converse(SocketChannel channel) throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = peer.user().getName();
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
        OutputStream out = Channels.newOutputStream(channel);
        LineReader lines = new LineReader(in);
        try {
            String greeting = lines.next();
            if (!Wire.VERSION.equals(greeting)) {
                Reply.error("version", "this bridge speaks " + Wire.VERSION).writeTo(out);
                return;
            }
            out.write((Wire.VERSION + " READY\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RequestReader requests = new RequestReader(lines);
            for (Request request = requests.next(); request != null; request = requests.next()) {
                handler.handle(request, user).writeTo(out);
            }
        } catch (ProtocolException e) {
            // The stream is out of step: answer once and close.
            LOG.info("connection of {} closed: {} {}", user, e.code(), e.getMessage());
            Reply.error(e.code(), e.getMessage()).writeTo(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
