package org.agora.workspace.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.agora.workspace.model.ShutdownMechanism;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.InMemoryNodeGateway;
import org.agora.workspace.node.NodeCapacity;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workspace lifecycle over the node gateway, with nodes held in memory and the real database:
 * placement within capacity, deployment and its failures, destroy, reconciliation and expiry.
 */
class WorkspaceLifecycleTest {
    static final GridIdentity JANE = new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org",
            ProxyType.RFC3820_IMPERSONATION);
    static final Duration DEPLOYED = Duration.ofSeconds(20);

    private Database db;
    private SessionFactory sessions;

    private final String n1 = "node1";
    private final String n2 = "node2";
    private final SettableClock clock = new SettableClock(Instant.now());
    private final InMemoryNodeGateway nodes = new InMemoryNodeGateway();
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A database of each test's own: every workspace in it counts against capacity and is swept. */
    @BeforeEach
    void database() {
        db = Database.open(TestDatabases.settingsFor(TestDatabases.embedded().url()),
                TestDatabases.freshName("agora_life"));
        db.migrate("workspace", "classpath:db/migration/workspace");
        sessions = db.sessionFactory(WorkspaceRepository.ENTITIES);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        sessions.close();
        db.drop();
        db.close();
    }

    private Lifecycle lifecycle(OrphanPolicy orphans) {
        Lifecycle l = Lifecycle.wire(new WorkspaceRepository(sessions, clock), nodes, orphans, clock);
        opened.add(l);
        return l;
    }

    private static WorkspaceRequest request(int vcpus, int memoryMiB) {
        return new WorkspaceRequest(null, "debian-12", null, vcpus, memoryMiB, 64, Duration.ofHours(1), null);
    }

    private WorkspaceState stateOf(WorkspaceManager m, String id) {
        return new WorkspaceRepository(sessions, Clock.systemUTC()).find(id).orElseThrow().state();
    }

    @Test
    void createdWorkspacesRunWithinTheirNodesCapacityAndOneMoreIsRefused() throws Exception {
        nodes.node(n1, new NodeCapacity(2, 2048, 10_000)).node(n2, new NodeCapacity(2, 2048, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(m.create(JANE, request(1, 1024)).id());
        }
        for (String id : ids) {
            await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        }
        for (String node : List.of(n1, n2)) {
            Map<String, InMemoryNodeGateway.Domain> domains = nodes.domains(node);
            assertEquals(2, domains.size(), "each node holds the two that fit it: " + domains.keySet());
            assertTrue(domains.values().stream().allMatch(d -> d.state() == WorkspaceState.RUNNING));
            assertTrue(domains.values().stream().mapToInt(d -> d.workspace().memoryMiB()).sum() <= 2048);
        }
        NoCapacityException refused = assertThrows(NoCapacityException.class, () -> m.create(JANE, request(1, 1024)));
        assertTrue(refused.getMessage().contains("no node can hold 1 vCPUs, 1024 MiB memory"), refused.getMessage());
        assertEquals(4, new WorkspaceRepository(sessions, clock).listLive(JANE.dn()).size(),
                "the refused workspace is not stored");
    }

    @Test
    void aFailedDeploymentLeavesNoDomainAndFreesItsPlace() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        nodes.failNextDeploy(n1, "image debian-12 has the wrong checksum");
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        String failed = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, failed) == WorkspaceState.CORRUPTED);
        await().atMost(DEPLOYED).until(() -> nodes.domains(n1).isEmpty());
        Workspace corrupted = new WorkspaceRepository(sessions, clock).find(failed).orElseThrow();
        assertTrue(corrupted.stateCause().contains("wrong checksum"), corrupted.stateCause());

        String next = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, next) == WorkspaceState.RUNNING);
        assertEquals(Set.of(next), nodes.domains(n1).keySet());
    }

    @Test
    void destroyRemovesTheDomainAndEndsTheWorkspace() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        String id = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        nodes.cpuSeconds(id, 42.0);

        m.destroy(JANE, id);

        assertTrue(nodes.domains(n1).isEmpty());
        assertEquals(WorkspaceState.CANCELLED, stateOf(m, id));
        assertEquals(42.0, new WorkspaceRepository(sessions, clock).find(id).orElseThrow().lastCpuSeconds(),
                "the guest's CPU time when it was removed is kept for accounting");
        assertThrows(WorkspaceNotFoundException.class, () -> m.get(JANE, id));
    }

    @Test
    void aDestroyTheNodeMissedIsFinishedWhenTheNodeIsReconciled() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        String id = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        nodes.unreachable(n1, true);

        assertThrows(DestroyFailedException.class, () -> m.destroy(JANE, id));
        assertEquals(WorkspaceState.CANCELLED, stateOf(m, id));
        assertEquals(Set.of(id), nodes.domains(n1).keySet(), "the node never heard the destroy");

        nodes.unreachable(n1, false);
        assertEquals(1, l.reconciliation().reconcile());
        assertTrue(nodes.domains(n1).isEmpty());
    }

    @Test
    void aCreateTheNodeNeverHeardIsDeployedWhenTheNodeIsReconciled() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        assertTrue(nodes.capacity(n1).isPresent(), "the node described itself once, as at start-up");
        nodes.unreachable(n1, true);
        String id = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> nodes.deployAttempts(n1) == 1);
        assertEquals(WorkspaceState.UNPROPAGATED, stateOf(m, id), "a node that never heard the request made nothing");

        nodes.unreachable(n1, false);
        assertEquals(1, l.reconciliation().reconcile());
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        assertEquals(Set.of(id), nodes.domains(n1).keySet());
    }

    @Test
    void aWorkspaceWhoseDomainVanishedIsCorruptedAtReconciliation() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        String id = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        nodes.removeBehindTheServicesBack(n1, id);

        assertEquals(1, l.reconciliation().reconcile());
        Workspace vanished = new WorkspaceRepository(sessions, clock).find(id).orElseThrow();
        assertEquals(WorkspaceState.CORRUPTED, vanished.state());
        assertTrue(vanished.stateCause().startsWith("its domain vanished from node " + n1), vanished.stateCause());
        assertEquals(0, l.reconciliation().reconcile(), "a vanished domain is recorded once");
    }

    @Test
    void aDomainThatDiesIsRecordedFromTheNodesLivenessReportWithoutAReconciliation() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        String id = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        try (LivenessWatcher watcher = new LivenessWatcher(l.reconciliation(), nodes)) {
            watcher.start();
            // The watcher's first call learns the node's epoch; what happens after it is news.
            await().atMost(DEPLOYED).until(() -> nodes.watches(n1) >= 2);
            nodes.removeBehindTheServicesBack(n1, id);

            await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.CORRUPTED);
        }
        Workspace dead = new WorkspaceRepository(sessions, clock).find(id).orElseThrow();
        assertTrue(dead.stateCause().contains("reported by the node's liveness monitor: domain vanished from libvirt"),
                dead.stateCause());
    }

    @Test
    void orphanDomainsAreReportedOrDestroyedAsTheSitesPolicySays() throws Exception {
        nodes.node(n1, new NodeCapacity(4, 4096, 10_000));
        Lifecycle reportingSite = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager reporting = reportingSite.manager();
        String keep = reporting.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(reporting, keep) == WorkspaceState.RUNNING);
        Workspace template = new WorkspaceRepository(sessions, clock).find(keep).orElseThrow();
        String stranger = UUID.randomUUID().toString();
        nodes.defineBehindTheServicesBack(n1, withId(template, stranger));

        assertEquals(0, reportingSite.reconciliation().reconcile());
        assertEquals(Set.of(keep, stranger), nodes.domains(n1).keySet(), "an orphan is never removed on a guess");

        Lifecycle destroyingSite = lifecycle(OrphanPolicy.DESTROY);
        WorkspaceManager destroying = destroyingSite.manager();
        assertEquals(1, destroyingSite.reconciliation().reconcile());
        assertEquals(Set.of(keep), nodes.domains(n1).keySet(), "the orphan goes; the live workspace stays");
        assertEquals(WorkspaceState.RUNNING, stateOf(destroying, keep));
    }

    @Test
    void aWorkspacePastItsTerminationTimeIsDestroyedAndItsDomainRemoved() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        String id = m.create(JANE, request(1, 1024)).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);

        assertEquals(0, l.expiry().expire(), "nothing is due before the termination time");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertEquals(1, l.expiry().expire());

        assertEquals(WorkspaceState.DESTROYED, stateOf(m, id));
        await().atMost(DEPLOYED).until(() -> nodes.domains(n1).isEmpty());
        assertEquals(0, l.expiry().expire(), "an expired workspace is destroyed once");
    }

    @Test
    void aTrashedWorkspaceIsRemovedAtItsTerminationTimeWithoutAShutdown() throws Exception {
        nodes.node(n1, new NodeCapacity(1, 1024, 10_000));
        Lifecycle l = lifecycle(OrphanPolicy.REPORT);
        WorkspaceManager m = l.manager();
        WorkspaceRequest trash = new WorkspaceRequest(null, "debian-12", null, 1, 1024, 64, Duration.ofMinutes(5),
                null, null, List.of(), 0, ShutdownMechanism.TRASH);
        String id = m.create(JANE, trash).id();
        await().atMost(DEPLOYED).until(() -> stateOf(m, id) == WorkspaceState.RUNNING);
        clock.advance(Duration.ofMinutes(6));

        assertEquals(1, l.expiry().expire());
        assertTrue(nodes.domains(n1).isEmpty(), "Trash removes the domain in the sweep itself");
    }

    private static Workspace withId(Workspace w, String id) {
        return new Workspace(id, w.owner(), w.name(), w.image(), w.imageSha256(), w.vcpus(), w.memoryMiB(),
                w.diskMiB(), w.initialState(), w.state(), w.stateCause(), w.node(), w.createdAt(), w.stateChangedAt(),
                w.terminationTime(), w.platform(), w.nics(), w.cpuWeight(), w.shutdown(), null, List.of(), null, 0);
    }

    /** A clock the test moves forward; the service reads time only through it. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
