package org.agora.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agora.client.notification.NotificationListener;
import org.agora.contract.wsn.consumer.NotificationConsumerService;
import org.agora.testing.FreePorts;
import org.agora.transport.tls.SecureClients;
import org.agora.workspace.model.ShutdownMechanism;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.model.Subscription;
import org.agora.workspace.model.Topic;
import org.agora.workspace.soap.SoapNotificationSender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where a notification's delivery time goes, outside the all-in-one site: the service's own
 * sender (CXF) to Agora's consumer (CXF), against the same bytes POSTed by the JDK's HTTP client
 * to that consumer (the consumer's share) and to a JDK HttpServer that only answers 202 (the
 * transport's floor). Each is a closed loop on one thread; a latency ends when the consumer's
 * callback (or the floor server's handler) has the message.
 */
@Command(name = "notify-round-trip", mixinStandardHelpOptions = true)
public final class NotifyRoundTrip implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "10", description = "Measuring time per path.")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "Unmeasured time per path first.")
    int warmupSeconds;

    private final Semaphore arrived = new Semaphore(0);
    private final AtomicLong arrivedAt = new AtomicLong();

    public static void main(String[] args) {
        System.exit(new CommandLine(new NotifyRoundTrip()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String consumerUrl = "http://localhost:" + FreePorts.next() + "/bench-consumer";
        AtomicReference<byte[]> captured = new AtomicReference<>();
        HttpServer floor = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        floor.createContext("/floor", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                captured.compareAndSet(null, body);
            }
            arrived();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        floor.start();
        String floorUrl = "http://localhost:" + floor.getAddress().getPort() + "/floor";
        System.out.printf("notify-round-trip: %d s warm-up + %d s measured per path, %d cores, %s%n", warmupSeconds,
                seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (NotificationListener listener = new NotificationListener(consumerUrl, received -> arrived())) {
            SoapNotificationSender sender = new SoapNotificationSender(
                    address -> SecureClients.plain(new NotificationConsumerService().getNotificationConsumerPort(), address),
                    "https://service.example.org:8443/agora/Workspace",
                    "https://service.example.org:8443/agora/SubscriptionManager");
            Workspace workspace = workspace();
            Subscription toConsumer = subscription(consumerUrl);
            Subscription toFloor = subscription(floorUrl);
            sender.send(toFloor, workspace, WorkspaceState.RUNNING); // the Notify's bytes, for the raw paths
            arrived.acquire();
            byte[] envelope = captured.get();

            LatencyRecorder raw = measure(() -> post(floorUrl, envelope));
            LatencyRecorder consumer = measure(() -> post(consumerUrl, envelope));
            LatencyRecorder agora = measure(() -> sender.send(toConsumer, workspace, WorkspaceState.RUNNING));
            report("JDK HTTP client -> JDK HttpServer (the floor)", raw, raw);
            report("JDK HTTP client -> Agora's consumer (CXF)", consumer, raw);
            report("Agora's sender (CXF) -> Agora's consumer (CXF)", agora, raw);
            System.out.printf("(Notify of %d bytes)%n", envelope.length);
        } finally {
            floor.stop(0);
        }
        return 0;
    }

    private interface Delivery {
        void run() throws Exception;
    }

    private LatencyRecorder measure(Delivery delivery) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            delivery.run();
            if (!arrived.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a notification did not arrive within 5 s");
            }
            if (started > warmEnd) {
                recorder.record(arrivedAt.get() - started);
            }
        }
        return recorder;
    }

    private void arrived() {
        arrivedAt.set(System.nanoTime());
        arrived.release();
    }

    /** One client for the raw paths: it keeps its connections alive, as CXF's conduit does. */
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    private static void post(String url, byte[] envelope) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(envelope)).build();
        int status = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 300) {
            throw new IllegalStateException(url + " answered HTTP " + status);
        }
    }

    private static void report(String path, LatencyRecorder r, LatencyRecorder floor) {
        System.out.printf("%-50s n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  (%.1fx the floor's p50)%n", path,
                r.count(), r.quantileMillis(0.5), r.quantileMillis(0.9), r.quantileMillis(0.99),
                r.quantileMillis(0.5) / floor.quantileMillis(0.5));
    }

    private static Workspace workspace() {
        Instant now = Instant.now();
        return new Workspace("0b7e3f0e-6c1a-4b6e-9d55-2f7c8a1d9e01", "/DC=org/DC=example/CN=Jane Doe", "bench",
                "debian-12", null, 1, 512, 1024, WorkspaceState.RUNNING, WorkspaceState.RUNNING, "resumed by the bench",
                "wn01.example.org:8444", now, now, now.plus(Duration.ofHours(1)), null, List.of(), 256,
                ShutdownMechanism.NORMAL, null, List.of(), null, 1);
    }

    private static Subscription subscription(String consumerUrl) {
        Instant now = Instant.now();
        return new Subscription("sub-" + consumerUrl.hashCode(), "0b7e3f0e-6c1a-4b6e-9d55-2f7c8a1d9e01",
                "/DC=org/DC=example/CN=Jane Doe", consumerUrl,
                "<EndpointReference xmlns=\"http://www.w3.org/2005/08/addressing\"><Address>" + consumerUrl
                        + "</Address></EndpointReference>", Topic.WORKSPACE_STATE_CHANGE, now, now.plus(Duration.ofHours(1)));
    }
}
