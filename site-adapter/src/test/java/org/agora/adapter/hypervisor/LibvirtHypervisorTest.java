package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On libvirt's own test driver: real libvirt, real domain XML parsing, no hypervisor. */
class LibvirtHypervisorTest {
    private LibvirtHypervisor hypervisor;

    @BeforeEach
    void connect() throws Exception {
        hypervisor = LibvirtHypervisor.connect("test:///default");
    }

    @AfterEach
    void close() {
        hypervisor.close();
    }

    private static DomainDefinition definition(String id, boolean paused) {
        return new DomainDefinition(id, "/DC=org/CN=Jane", "debian-12", 1, 256, Path.of("/tmp/" + id + ".img"), 64,
                paused);
    }

    @Test
    void aBootedDomainRunsIsListedAndIsGoneAfterDestroy() throws Exception {
        String id = UUID.randomUUID().toString();
        DomainStatus booted = hypervisor.boot(definition(id, false));
        assertEquals(DomainState.RUNNING, booted.state());
        assertEquals("agora-" + id, booted.domainName());
        assertEquals(DomainState.RUNNING, hypervisor.status(id).state());
        assertTrue(hypervisor.agoraDomains().stream().anyMatch(d -> d.workspaceId().equals(id)));

        hypervisor.destroy(id);
        assertEquals(DomainState.ABSENT, hypervisor.status(id).state());
        assertTrue(hypervisor.agoraDomains().stream().noneMatch(d -> d.workspaceId().equals(id)));
    }

    @Test
    void aPausedStartIsPaused() throws Exception {
        String id = UUID.randomUUID().toString();
        assertEquals(DomainState.PAUSED, hypervisor.boot(definition(id, true)).state());
        hypervisor.destroy(id);
    }

    @Test
    void aDomainCanBePausedResumedRebootedShutDownAndStartedAgain() throws Exception {
        String id = UUID.randomUUID().toString();
        hypervisor.boot(definition(id, false));
        assertEquals(DomainState.PAUSED, hypervisor.control(id, DomainAction.PAUSE).state());
        assertEquals(DomainState.RUNNING, hypervisor.control(id, DomainAction.RESUME).state());
        assertEquals(DomainState.RUNNING, hypervisor.control(id, DomainAction.REBOOT).state());
        assertEquals(DomainState.DEFINED, hypervisor.control(id, DomainAction.SHUTDOWN).state());
        assertEquals(DomainState.RUNNING, hypervisor.control(id, DomainAction.START).state());
        hypervisor.destroy(id);
        HypervisorException none = org.junit.jupiter.api.Assertions.assertThrows(HypervisorException.class,
                () -> hypervisor.control(id, DomainAction.PAUSE));
        assertTrue(none.getMessage().contains("has no domain on this node"), none.getMessage());
    }

    @Test
    void repeatedListingsFollowStatesAndDomainsComingAndGoing() throws Exception {
        // Listings remember which workspace each domain is; states and membership must stay live.
        String first = UUID.randomUUID().toString();
        hypervisor.boot(definition(first, false));
        assertEquals(DomainState.RUNNING, listed(first).state());
        hypervisor.control(first, DomainAction.PAUSE);
        assertEquals(DomainState.PAUSED, listed(first).state());
        hypervisor.destroy(first);
        assertTrue(hypervisor.agoraDomains().stream().noneMatch(d -> d.workspaceId().equals(first)));
        String second = UUID.randomUUID().toString();
        hypervisor.boot(definition(second, false));
        assertEquals(DomainState.RUNNING, listed(second).state());
        assertTrue(hypervisor.agoraDomains().stream().noneMatch(d -> "test".equals(d.domainName())),
                "the driver's own domain stays foreign on every listing");
        hypervisor.destroy(second);
    }

    private DomainStatus listed(String id) throws HypervisorException {
        return hypervisor.agoraDomains().stream().filter(d -> d.workspaceId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("workspace " + id + " is not listed"));
    }

    @Test
    void domainsWithoutAgoraMetadataAreNotOurs() throws Exception {
        // The test driver ships a domain named "test" that no workspace owns.
        assertTrue(hypervisor.agoraDomains().stream().noneMatch(d -> "test".equals(d.domainName())));
    }

    @Test
    void destroyingWhatIsNotThereIsNotAnError() throws Exception {
        hypervisor.destroy(UUID.randomUUID().toString());
    }

    @Test
    void factsDescribeTheNode() throws Exception {
        NodeFacts facts = hypervisor.facts();
        assertEquals("test:///default", facts.libvirtUri());
        assertTrue(facts.vcpus() > 0 && facts.memoryMiB() > 0, facts.toString());
    }
}
