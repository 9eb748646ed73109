package org.agora.client.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.agora.client.notification.NotificationListener;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agora workspace subscribe HANDLE}: runs a NotificationConsumer, subscribes it, and prints
 * each notification as it arrives, until the workspace ends or the user stops it (Ctrl-C
 * unsubscribes).
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = "Print the workspace's state changes as the service announces them (WS-BaseNotification), "
                + "until it ends. Runs a small HTTP endpoint the service must be able to reach: see --listen.")
final class SubscribeCommand extends HandleCommand {
    @Option(names = "--listen", paramLabel = "URL", defaultValue = "http://localhost:0/agora-consumer",
            description = "Where to receive notifications (default ${DEFAULT-VALUE}; port 0 picks a free one). "
                    + "Use a host name the service can reach when it runs on another machine.")
    String listen;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "WorkspaceStateChange",
            description = "WorkspaceStateChange (every change, default) or WorkspaceTermination (only the end).")
    String topic;

    @Option(names = "--hours", paramLabel = "H", description = "Stop after this long (default: the workspace's lifetime).")
    Double hours;

    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        String url = withPort(listen);
        CountDownLatch ended = new CountDownLatch(1);
        try (NotificationListener listener = new NotificationListener(url, received -> {
            var c = received.change();
            env.out().printf("%s  %s -> %s  %s%n", WorkspaceCommand.time(c.getTime()),
                    c.getPreviousState() == null ? "-" : c.getPreviousState().value(), c.getState().value(), c.getCause());
            env.out().flush();
            if (c.getState().value().equals("Destroyed") || c.getState().value().equals("Cancelled")) {
                ended.countDown();
            }
        })) {
            var subscription = client.subscribe(epr, listener.reference(url), topic,
                    hours == null ? null : Duration.ofSeconds(Math.round(hours * 3600)));
            env.err().printf("%s: listening at %s until %s (Ctrl-C to stop)%n", handle, url,
                    WorkspaceCommand.time(subscription.getTerminationTime()));
            env.err().flush();
            Thread unsubscribe = new Thread(() -> {
                try {
                    client.unsubscribe(subscription.getSubscriptionReference());
                } catch (Exception ignored) {
                    // Stopping anyway; the subscription ends at its termination time.
                }
            });
            Runtime.getRuntime().addShutdownHook(unsubscribe);
            ended.await();
            Runtime.getRuntime().removeShutdownHook(unsubscribe);
        }
    }

    /** Port 0 means "any free port": pick one now, since the URL goes into the subscription. */
    static String withPort(String url) throws java.io.IOException, CliException {
        java.net.URI uri = java.net.URI.create(url);
        if (uri.getPort() != 0) {
            return url;
        }
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return new java.net.URI(uri.getScheme(), null, uri.getHost(), s.getLocalPort(), uri.getPath(), null, null)
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new CliException("--listen " + url + " is not a URL: " + e.getMessage());
        }
    }
}
