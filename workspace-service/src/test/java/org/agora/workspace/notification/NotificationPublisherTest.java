package org.agora.workspace.notification;

import org.agora.workspace.model.Subscription;
import org.agora.workspace.model.Topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.persistence.SubscriptionRepository;
import org.agora.workspace.persistence.NodeAllocations;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The publisher remembers who is subscribed between changes; these checks are that it never
 * notifies from a stale memory when subscriptions change elsewhere (another replica on the same
 * database, here a second repository on it), and that a change waiting to be sent again keeps its
 * place ahead of the consumer's later ones.
 */
class NotificationPublisherTest {
    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    private static final WorkspaceRequest REQUEST = new WorkspaceRequest("web", "debian-12", null, 1, 512, 1024,
            Duration.ofHours(2), WorkspaceState.RUNNING);
    /** A node's capacity these tests never fill. */
    private static final NodeAllocations.Allocation ROOMY = new NodeAllocations.Allocation(64, 1_000_000, 1_000_000);

    /** What reached consumers: subscription id and the state notified, in order. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final Semaphore deliveries = new Semaphore(0);

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void subscriptionsMadeRenewedAndEndedElsewhereAreHeardAtTheNextChange(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository workspaces = new WorkspaceRepository(sessions, Clock.systemUTC());
                SubscriptionRepository here = new SubscriptionRepository(sessions);
                SubscriptionRepository elsewhere = new SubscriptionRepository(sessions);
                NotificationPublisher publisher = new NotificationPublisher(here,
                        (s, after, from) -> {
                            delivered.add(s.id() + ":" + after.state());
                            deliveries.release();
                        }, Clock.systemUTC(), 2);
                workspaces.onTransition(publisher);
                String ws = UUID.randomUUID().toString();
                workspaces.insert(ws, "/DC=org/CN=Jane", List.of(), null, REQUEST, "node1:8444", ROOMY,
                        Instant.now().plus(Duration.ofHours(2)));

                workspaces.transition(ws, WorkspaceState.PROPAGATED, "nobody listens yet");
                here.insert(subscription("s1", ws, Topic.WORKSPACE_STATE_CHANGE));
                workspaces.transition(ws, WorkspaceState.RUNNING, "booted");
                awaitDeliveries(1); // as a subscriber would act: after hearing
                elsewhere.insert(subscription("s2", ws, Topic.WORKSPACE_STATE_CHANGE));
                workspaces.transition(ws, WorkspaceState.PAUSED, "paused");
                awaitDeliveries(2);
                assertTrue(elsewhere.delete("s1"));
                workspaces.transition(ws, WorkspaceState.RUNNING, "resumed");
                awaitDeliveries(1);
                elsewhere.renew("s2", Instant.now().minusSeconds(1));
                workspaces.transition(ws, WorkspaceState.PAUSED, "paused again");
                elsewhere.insert(subscription("s3", ws, Topic.WORKSPACE_TERMINATION));
                workspaces.transition(ws, WorkspaceState.CANCELLED, "destroyed");
                publisher.close(); // lets what is queued go out

                assertEquals(List.of("s1:RUNNING", "s1:PAUSED", "s2:PAUSED", "s2:RUNNING", "s3:CANCELLED"), delivered,
                        "each change reaches exactly the subscriptions live when it was committed");
                assertEquals(List.of(), elsewhere.allFor(ws), "a workspace's end ends its subscriptions");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aConsumerWhoseDeliveryFailsAtFirstStillHearsEveryChangeInOrder(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository workspaces = new WorkspaceRepository(sessions, Clock.systemUTC());
                SubscriptionRepository subscriptions = new SubscriptionRepository(sessions);
                AtomicBoolean failedOnce = new AtomicBoolean();
                NotificationPublisher publisher = new NotificationPublisher(subscriptions, (s, after, from) -> {
                    if (failedOnce.compareAndSet(false, true)) {
                        throw new NotificationSender.DeliveryException("consumer busy", null);
                    }
                    delivered.add(s.id() + ":" + after.state());
                    deliveries.release();
                }, Clock.systemUTC(), 2);
                workspaces.onTransition(publisher);
                String ws = UUID.randomUUID().toString();
                workspaces.insert(ws, "/DC=org/CN=Jane", List.of(), null, REQUEST, "node1:8444", ROOMY,
                        Instant.now().plus(Duration.ofHours(2)));
                subscriptions.insert(subscription("s1", ws, Topic.WORKSPACE_STATE_CHANGE));

                // The later changes are committed while the first waits for its second attempt.
                workspaces.transition(ws, WorkspaceState.RUNNING, "booted");
                workspaces.transition(ws, WorkspaceState.PAUSED, "paused");
                workspaces.transition(ws, WorkspaceState.RUNNING, "resumed");
                workspaces.transition(ws, WorkspaceState.CANCELLED, "destroyed");
                awaitDeliveries(4);
                publisher.close();

                assertEquals(List.of("s1:RUNNING", "s1:PAUSED", "s1:RUNNING", "s1:CANCELLED"), delivered,
                        "the retried change keeps its place ahead of the later ones");
            }
        }
    }

    private void awaitDeliveries(int n) {
        try {
            assertTrue(deliveries.tryAcquire(n, 10, TimeUnit.SECONDS), "expected " + n + " more notification(s) "
                    + "within 10 s; so far: " + delivered);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Subscription subscription(String id, String workspace, Topic topic) {
        Instant now = Instant.now();
        return new Subscription(id, workspace, "/DC=org/CN=Jane", "http://consumer.example.org/notify",
                "<EndpointReference xmlns=\"http://www.w3.org/2005/08/addressing\"><Address>"
                        + "http://consumer.example.org/notify</Address></EndpointReference>",
                topic, now, now.plus(Duration.ofHours(1)));
    }
}
