package org.agora.adapter.liveness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.node.NodeEndpoint;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainEventType;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.WatchDomains;
import org.agora.contract.node.WatchDomainsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness on libvirt's test driver: a second connection to the same driver state plays the
 * admin (or the crash) that removes a domain behind the adapter's back.
 */
class LivenessMonitorTest {
    @TempDir
    Path dir;
    private LibvirtHypervisor admin;
    private RawCopyStorage storage;
    private SiteAdapter adapter;
    private NodeEndpoint node;

    @BeforeEach
    void open() throws Exception {
        admin = LibvirtHypervisor.connect("test:///default");
        storage = new RawCopyStorage(dir);
        adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"), storage,
                new Capacity(0, 0, 10_000), Duration.ofMillis(200));
        adapter.liveness().start();
        node = adapter.endpoint();
    }

    @AfterEach
    void close() {
        adapter.close();
        admin.close();
    }

    private String deploy() throws NodeFault {
        String id = UUID.randomUUID().toString();
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("web");
        spec.setOwner("/DC=org/CN=Jane");
        spec.setImage("debian-12");
        spec.setVcpus(1);
        spec.setMemoryMiB(128);
        spec.setDiskMiB(8);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        node.deployWorkspace(d);
        return id;
    }

    private WatchDomainsResponse watch(String epoch, long after, int waitSeconds) throws NodeFault {
        WatchDomains w = new WatchDomains();
        w.setEpoch(epoch);
        w.setAfterSequence(after);
        w.setWaitSeconds(waitSeconds);
        return node.watchDomains(w);
    }

    /** Every event about {@code id} reported after {@code after} of the current epoch. */
    private List<DomainEventType> eventsOf(String id, String epoch, long after) throws NodeFault {
        List<DomainEventType> out = new ArrayList<>();
        for (DomainEventType e : watch(epoch, after, 0).getEvent()) {
            if (e.getWorkspaceId().equals(id)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void aDomainRemovedBehindTheAdaptersBackIsReportedAndItsStorageReleased() throws Exception {
        String epoch = watch(null, 0, 0).getEpoch();
        String id = deploy();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id, epoch, 0).stream()
                .anyMatch(e -> e.getState() == DomainStateType.RUNNING));
        assertTrue(storage.leftovers().contains(id), "the running workspace has its disk");
        long seen = watch(epoch, 0, 0).getLastSequence();

        admin.destroy(id); // as an admin's virsh destroy + undefine would

        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(id, epoch, seen).isEmpty());
        DomainEventType gone = eventsOf(id, epoch, seen).get(eventsOf(id, epoch, seen).size() - 1);
        assertEquals(DomainStateType.ABSENT, gone.getState());
        assertTrue(gone.getCause().contains("vanished"), gone.getCause());
        assertTrue(gone.getCause().contains("storage released"), gone.getCause());
        assertTrue(!storage.leftovers().contains(id), "no disk is left behind a dead domain");
    }

    @Test
    void aDomainTheServiceDestroysIsReportedAsRemovedNotAsDead() throws Exception {
        String epoch = watch(null, 0, 0).getEpoch();
        String id = deploy();
        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(id, epoch, 0).isEmpty());
        long seen = watch(epoch, 0, 0).getLastSequence();
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        node.destroyWorkspace(destroy);

        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(id, epoch, seen).isEmpty());
        DomainEventType gone = eventsOf(id, epoch, seen).get(0);
        assertEquals(DomainStateType.ABSENT, gone.getState());
        assertTrue(gone.getCause().contains("at the service's request"), gone.getCause());
    }

    @Test
    void aLongPollReturnsAsSoonAsSomethingHappens() throws Exception {
        String epoch = watch(null, 0, 0).getEpoch();
        long seen = watch(epoch, 0, 0).getLastSequence();
        Thread deployer = new Thread(() -> {
            try {
                deploy();
            } catch (NodeFault e) {
                throw new IllegalStateException(e);
            }
        });
        deployer.start();
        // Held open for up to 30 s, it comes back with the new domain (well before the wait ends).
        WatchDomainsResponse r = watch(epoch, seen, 30);
        deployer.join();
        assertTrue(!r.getEvent().isEmpty(), "the poll returned with the event that ended it");
        assertTrue(r.getLastSequence() > seen);
    }

    @Test
    void aCallerOfAnotherAdapterRunIsGivenTheNewEpochAtOnce() throws Exception {
        WatchDomainsResponse r = watch("an-epoch-of-an-earlier-run", 42, 30);
        assertTrue(!r.getEpoch().equals("an-epoch-of-an-earlier-run"));
        assertEquals(r.getEpoch(), watch(r.getEpoch(), r.getLastSequence(), 0).getEpoch());
    }

    @Test
    void aWaitBeyondTheLimitIsRefusedNamingTheRange() {
        NodeFault f = assertThrows(NodeFault.class, () -> watch(null, 0, 3600));
        assertTrue(f.getMessage().contains("between 0 and 30"), f.getMessage());
    }
}
