package org.agora.workspace.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkspaceRepositoryTest {
    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    private static final WorkspaceRequest REQUEST = new WorkspaceRequest("web", "debian-12", null, 2, 1024, 2048,
            Duration.ofHours(2), WorkspaceState.RUNNING);
    /** A node's capacity no test here fills. */
    private static final NodeAllocations.Allocation ROOMY = new NodeAllocations.Allocation(1_000, 1_000_000, 1_000_000);

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void stateChangesAreRecordedAndIllegalOnesLeaveNoTrace(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository repo = new WorkspaceRepository(sessions, Clock.systemUTC());
                String id = UUID.randomUUID().toString();
                repo.insert(id, "/DC=org/CN=Jane", List.of("/atlas/Role=production", "/atlas"), null, REQUEST, "node1:8444", ROOMY,
                        Instant.now().plus(Duration.ofHours(2)));
                assertEquals(List.of("/atlas/Role=production", "/atlas"), repo.find(id).orElseThrow().ownerFqans(),
                        "the creator's FQANs, in order, for accounting");
                assertTrue(repo.transition(id, WorkspaceState.RUNNING, "domain started").isPresent());
                assertTrue(repo.transition(id, WorkspaceState.PROPAGATED, "bogus report").isEmpty(),
                        "Running -> Propagated is not a legal move");
                assertEquals(WorkspaceState.RUNNING, repo.find(id).orElseThrow().state());
                assertEquals(List.of(WorkspaceState.UNPROPAGATED, WorkspaceState.RUNNING),
                        repo.history(id).stream().map(c -> c.to()).toList());
                assertEquals(1, repo.listLive("/DC=org/CN=Jane").size());
                assertEquals(0, repo.listLive("/DC=org/CN=Someone Else").size());
                var allocation = repo.allocationsOn(List.of("node1:8444", "node2:8444")).get("node1:8444");
                assertEquals(2, allocation.vcpus());
                assertEquals(1024, allocation.memoryMiB());
                repo.transition(id, WorkspaceState.CANCELLED, "user destroyed it");
                repo.recordCpuSeconds(id, 90.5);
                repo.recordCpuSeconds(id, 0.0); // an off domain's reading never replaces a real one
                assertEquals(90.5, repo.find(id).orElseThrow().lastCpuSeconds());
                assertEquals(0, repo.listLive("/DC=org/CN=Jane").size());
                assertTrue(repo.allocationsOn(List.of("node1:8444")).getOrDefault("node1:8444",
                        NodeAllocations.Allocation.NONE).vcpus() == 0, "a cancelled workspace frees its node");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aWorkspacesGridJobAndUserDataAreKeptWholeAndReadBack(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository repo = new WorkspaceRepository(sessions, Clock.systemUTC());
                // The largest user-data the service takes, in four-byte characters: 64 KiB in UTF-8.
                String userData = "#!/bin/sh\n# " + "\uD83D\uDE00".repeat(16_380) + "\n";
                String job = "https://ce.example.org:2119/16001/1700000000/";
                WorkspaceRequest request = new WorkspaceRequest("job", "debian-12", null, 1, 512, 2048,
                        Duration.ofHours(2), WorkspaceState.RUNNING, null, null, 0, null, null, userData, job);
                String id = UUID.randomUUID().toString();
                var inserted = repo.insert(id, "/DC=org/CN=Jane", List.of(), null, request, "node1:8444", ROOMY,
                        Instant.now().plus(Duration.ofHours(2)));
                var read = repo.find(id).orElseThrow();
                assertEquals(inserted, read, "the snapshot returned is the row read back");
                assertEquals(userData, read.userData());
                assertEquals(job, read.gridJobId());
                String plain = UUID.randomUUID().toString();
                repo.insert(plain, "/DC=org/CN=Jane", List.of(), null, REQUEST, "node1:8444", ROOMY,
                        Instant.now().plus(Duration.ofHours(2)));
                assertEquals(null, repo.find(plain).orElseThrow().userData());
                assertEquals(null, repo.find(plain).orElseThrow().gridJobId());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void concurrentReportsMoveAWorkspaceOnlyOnce(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository repo = new WorkspaceRepository(sessions, Clock.systemUTC());
                String id = UUID.randomUUID().toString();
                repo.insert(id, "/DC=org/CN=Jane", List.of(), null, REQUEST, "node1:8444", ROOMY, Instant.now().plus(Duration.ofHours(2)));
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<Boolean>> attempts = Stream.generate(() -> pool.submit(
                            () -> repo.transition(id, WorkspaceState.CANCELLED, "destroy").isPresent()))
                            .limit(8).toList();
                    long won = 0;
                    for (Future<Boolean> f : attempts) {
                        won += f.get() ? 1 : 0;
                    }
                    assertEquals(1, won, "exactly one destroy wins the row lock");
                    assertEquals(2, repo.history(id).size(), "creation and one cancellation");
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aChangeDecidedOnAStateAnotherReplicaJustReplacedIsDecidedAgainOnTheNewOne(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository repo = new WorkspaceRepository(sessions, Clock.systemUTC());
                WorkspaceRepository otherReplica = new WorkspaceRepository(sessions, Clock.systemUTC());
                String id = UUID.randomUUID().toString();
                repo.insert(id, "/DC=org/CN=Jane", List.of(), null, REQUEST, "node1:8444", ROOMY, Instant.now().plus(Duration.ofHours(2)));
                repo.transition(id, WorkspaceState.RUNNING, "domain started");
                List<WorkspaceState> heard = new java.util.ArrayList<>();
                repo.onTransition((after, from) -> heard.add(from));
                List<WorkspaceState> decidedOn = new java.util.ArrayList<>();

                // A toggle (pause a running workspace, resume a paused one) whose first decision is
                // overtaken: between its read and its write the other replica pauses the workspace.
                var moved = repo.transitionIf(id, current -> {
                    decidedOn.add(current);
                    if (decidedOn.size() == 1) {
                        assertTrue(otherReplica.transition(id, WorkspaceState.PAUSED, "the other replica paused it")
                                .isPresent());
                    }
                    return current == WorkspaceState.RUNNING ? WorkspaceState.PAUSED : WorkspaceState.RUNNING;
                }, "toggled");

                assertEquals(List.of(WorkspaceState.RUNNING, WorkspaceState.PAUSED), decidedOn,
                        "the stale decision was refused and the change decided again on the state that replaced it");
                assertEquals(WorkspaceState.RUNNING, moved.orElseThrow().state());
                assertEquals(List.of(WorkspaceState.PAUSED), heard, "listeners heard the committed change once");
                assertEquals(List.of(WorkspaceState.UNPROPAGATED, WorkspaceState.RUNNING, WorkspaceState.PAUSED,
                        WorkspaceState.RUNNING), repo.history(id).stream().map(c -> c.to()).toList(),
                        "the history holds both changes, each once");
                var stored = repo.find(id).orElseThrow();
                assertEquals(moved.orElseThrow(), stored, "what the caller got is what was stored");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void aChangeGoesOutWithTheSubscribersCommittedBeforeIt(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_ws"))) {
            db.migrate("workspace", "classpath:db/migration/workspace");
            try (SessionFactory sessions = db.sessionFactory(WorkspaceRepository.ENTITIES)) {
                WorkspaceRepository repo = new WorkspaceRepository(sessions, Clock.systemUTC());
                SubscriptionRepository subscriptions = new SubscriptionRepository(sessions);
                String id = UUID.randomUUID().toString();
                long before = repo.insert(id, "/DC=org/CN=Jane", List.of(), null, REQUEST, "node1:8444", ROOMY,
                        Instant.now().plus(Duration.ofHours(2))).subscriptionRevision();
                int[] decisions = {0};
                // Someone subscribes between the change's read and its write: the change must carry the
                // revision that includes them, so the publisher reads them in before notifying.
                var moved = repo.transitionIf(id, current -> {
                    if (decisions[0]++ == 0) {
                        Instant now = Instant.now();
                        subscriptions.insert(new org.agora.workspace.model.Subscription("s1", id, "/DC=org/CN=Jane",
                                "http://consumer.example.org/notify", "<EndpointReference "
                                + "xmlns=\"http://www.w3.org/2005/08/addressing\"><Address>"
                                + "http://consumer.example.org/notify</Address></EndpointReference>",
                                org.agora.workspace.model.Topic.WORKSPACE_STATE_CHANGE, now, now.plus(Duration.ofHours(1))));
                    }
                    return WorkspaceState.RUNNING;
                }, "domain started");
                assertEquals(2, decisions[0], "decided again after the subscription moved the revision");
                assertTrue(moved.orElseThrow().subscriptionRevision() > before, "the change carries the new revision");
                assertEquals(moved.orElseThrow().subscriptionRevision(), repo.find(id).orElseThrow().subscriptionRevision());
            }
        }
    }
}
