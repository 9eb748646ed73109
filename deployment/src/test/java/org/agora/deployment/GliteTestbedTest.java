package org.agora.deployment;

import static org.agora.deployment.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.deployment.components.ChildDeathPolicy;
import org.agora.deployment.components.DomainSpec;
import org.agora.deployment.components.StorageSpec;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.plan.DeploymentPlan;
import org.agora.deployment.plan.MemberRequest;
import org.agora.deployment.plan.PlannedComponent;
import org.agora.deployment.reference.LateBindingException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The testbed users copy from docs/examples: a server ready first, workers told its address. */
class GliteTestbedTest {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "glite-testbed.conf");
    private static DeploymentPlan plan;

    @BeforeAll
    static void readTheExample() throws Exception {
        plan = Fixtures.DESCRIPTIONS.plan(EXAMPLE);
    }

    @Test
    void theServerIsCreatedBeforeAnyWorkerAndTheWorkersWaitForItToBeReady() {
        List<String> order = plan.components().stream().map(PlannedComponent::path).map(ComponentPath::toString).toList();
        assertEquals(List.of("deployment", "deployment/server", "deployment/server/disk", "deployment/workers",
                "deployment/workers/worker-1", "deployment/workers/worker-1/disk", "deployment/workers/worker-2",
                "deployment/workers/worker-2/disk", "deployment/workers/worker-3", "deployment/workers/worker-3/disk"), order);
        for (String worker : List.of("worker-1", "worker-2", "worker-3")) {
            MemberRequest member = plan.member(path("deployment/workers/" + worker)).orElseThrow();
            assertEquals(Set.of(path("deployment/server")), member.waitsForReady(), worker);
        }
        assertEquals(Set.of(), plan.member(path("deployment/server")).orElseThrow().waitsForReady());
    }

    @Test
    void aDeadWorkerIsRestartedAndADeadServerEndsTheTestbed() {
        MemberRequest server = plan.member(path("deployment/server")).orElseThrow();
        MemberRequest worker = plan.member(path("deployment/workers/worker-2")).orElseThrow();
        assertEquals(ChildDeathPolicy.TERMINATE, server.onDeath());
        assertEquals(ChildDeathPolicy.RESTART, worker.onDeath());
        assertEquals(3, worker.maxRestarts());
    }

    @Test
    void workersAreSpreadOverNodesAndTheServerIsNotInTheirGroup() {
        assertEquals(Optional.of(path("deployment/workers")),
                plan.member(path("deployment/workers/worker-1")).orElseThrow().spreadGroup());
        assertEquals(Optional.empty(), plan.member(path("deployment/server")).orElseThrow().spreadGroup());
    }

    @Test
    void membersCarryTheirSizesDisksAndReadinessAsExtendedFromTheTemplates() {
        MemberRequest server = plan.member(path("deployment/server")).orElseThrow();
        assertEquals(2, server.domain().vcpus());
        assertEquals(2048, server.domain().memoryMiB());
        assertEquals(new DomainSpec.Readiness(DomainSpec.Probe.CONSOLE, 22, "glite-ce: configured"), server.domain().readiness());
        assertEquals(Optional.of(new StorageSpec(StorageSpec.Backend.COPY, 8192, 512, true, false)), server.storage());
        MemberRequest worker = plan.member(path("deployment/workers/worker-1")).orElseThrow();
        assertEquals(1024, worker.domain().memoryMiB());
        assertEquals(new DomainSpec.Readiness(DomainSpec.Probe.TCP, 22, ""), worker.domain().readiness());
        MemberRequest big = plan.member(path("deployment/workers/worker-3")).orElseThrow();
        assertEquals(2, big.domain().vcpus());
        assertEquals(2048, big.domain().memoryMiB(), "worker-3's memory refers to the server's");
    }

    @Test
    void aWorkersUserDataReceivesTheServersAddressOnceTheServerRuns() throws Exception {
        MemberRequest worker = plan.member(path("deployment/workers/worker-1")).orElseThrow();
        Fixtures.Reported running = new Fixtures.Reported()
                .with("deployment/server", "address", "192.168.122.10")
                .with("deployment/server", "hostname", "ce01.testbed");
        String userData = worker.domain(running).userData().orElseThrow();
        assertTrue(userData.contains("echo \"CE_HOST=192.168.122.10\" >>"), userData);
        assertTrue(userData.contains("echo \"CE_NAME=ce01.testbed\" >>"), userData);
        assertTrue(worker.domain().userData().orElseThrow().contains("@{../../server/address}"),
                "until deployment the plan keeps the reference as written");
    }

    @Test
    void aWorkerIsNotDeployedWhenTheServerHasNotReportedItsAddress() {
        MemberRequest worker = plan.member(path("deployment/workers/worker-1")).orElseThrow();
        LateBindingException refused = assertThrows(LateBindingException.class,
                () -> worker.domain(new Fixtures.Reported().with("deployment/server", "hostname", "ce01.testbed")));
        assertTrue(refused.getMessage().contains("deployment/workers/worker-1.user-data"), refused.getMessage());
        assertTrue(refused.getMessage().contains("deployment/server reported no address"), refused.getMessage());
    }
}
