package org.agora.deploy.realboot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainTypeChoice;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.service.DiskPolicy;
import org.agora.adapter.service.Networks;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.CpuWeightType;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.SetCpuWeights;
import org.agora.deploy.demo.TinyGuest;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real QEMU guest through the whole adapter path, on libvirtd's qemu:///system. `.ci/run` installs
 * and starts libvirtd; elsewhere, without it, the test is skipped with the reason, and under CI=true
 * it fails ({@link RealPeer}).
 */
class RealBootTest {
    static final String URI = "qemu:///system";
    /**
     * Forced, not left to auto: CI hosts list a kvm domain in their capabilities (they have /dev/kvm),
     * but nested KVM hangs guests at early boot there (platform notes), so the real-boot tests emulate.
     */
    static final DomainTypeChoice DOMAIN_TYPE = DomainTypeChoice.QEMU;

    @TempDir
    Path dir;

    static LibvirtHypervisor connectOrSkip() throws Exception {
        Optional<String> missing = TinyGuest.missing();
        RealPeer.require("a tiny guest's kernel and busybox", missing.isEmpty(), () -> missing.orElse(""));
        try {
            return LibvirtHypervisor.connect(URI, false, DOMAIN_TYPE);
        } catch (HypervisorException e) {
            RealPeer.require("libvirtd with QEMU at " + URI, false, e.getMessage() + "; .ci/run starts it");
            throw e;
        }
    }

    @Test
    void aTinyGuestBootsToItsMarkerTakesACpuWeightAndLeavesNothingBehind() throws Exception {
        TinyGuest.letQemuIn(dir, dir);
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        Path images = Files.createDirectories(dir.resolve("storage/images"));
        Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"));
        TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
        TinyGuest.letQemuIn(images, dir);

        try (SiteAdapter adapter = new SiteAdapter(connectOrSkip(), storage, new Capacity(0, 0, 10_000),
                DiskPolicy.ROOT_ONLY,
                new Networks(List.of(DomainDefinition.NetworkInterface.USER_MODE), "52:54:00"), Duration.ofSeconds(1))) {
            adapter.liveness().readinessMarker(TinyGuest.READY);
            adapter.liveness().start();
            String id = UUID.randomUUID().toString();
            DomainSpecType spec = new DomainSpecType();
            spec.setWorkspaceId(id);
            spec.setName("tiny");
            spec.setOwner("/DC=org/CN=Jane");
            spec.setImage("blank");
            spec.setVcpus(1);
            spec.setMemoryMiB(128);
            spec.setDiskMiB(16);
            spec.setKernel("tiny-kernel");
            spec.setInitrd("tiny-initrd");
            spec.setKernelArgs("console=ttyS0 quiet panic=-1");
            DeployWorkspace deploy = new DeployWorkspace();
            deploy.setSpec(spec);
            try {
                assertEquals(DomainStateType.RUNNING, adapter.endpoint().deployWorkspace(deploy).getStatus().getState());
                assertEquals("qemu", ((LibvirtHypervisor) adapter.hypervisor()).domainType().name(),
                        "the site's forced choice, not what the capabilities offer");

                Path console = storage.consoleLog(id);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.exists(console) && Files.readString(console).contains(TinyGuest.READY));
                // The readiness probe saw the marker too, and the node says so.
                org.agora.contract.node.GetDomainState state = new org.agora.contract.node.GetDomainState();
                state.setWorkspaceId(id);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Boolean.TRUE.equals(adapter.endpoint().getDomainState(state).getStatus().isReady()));
                org.agora.contract.node.GetConsole ask = new org.agora.contract.node.GetConsole();
                ask.setWorkspaceId(id);
                ask.setMaxBytes(4096);
                var tail = adapter.endpoint().getConsole(ask);
                assertTrue(tail.getText().contains(TinyGuest.READY), "the node serves the console: " + tail.getText());
                assertTrue(tail.getText().length() <= 4096 && tail.getSize() >= tail.getText().length());

                SetCpuWeights weights = new SetCpuWeights();
                CpuWeightType w = new CpuWeightType();
                w.setWorkspaceId(id);
                w.setWeight(768);
                weights.getWeight().add(w);
                int applied = adapter.endpoint().setCpuWeights(weights).getApplied().get(0).getWeight();
                assertEquals(768, applied, "the cpu_shares QEMU applied, read back");
                assertEquals(768, adapter.hypervisor().cpuWeight(id));

                // A hard cap too: half a CPU (QEMU's quota over its period), read back, then lifted.
                w.setCapPercent(50);
                assertEquals(50, adapter.endpoint().setCpuWeights(weights).getApplied().get(0).getCapPercent());
                w.setCapPercent(0);
                assertEquals(0, adapter.endpoint().setCpuWeights(weights).getApplied().get(0).getCapPercent());
            } finally {
                DestroyWorkspace destroy = new DestroyWorkspace();
                destroy.setWorkspaceId(id);
                adapter.endpoint().destroyWorkspace(destroy);
            }
            assertEquals(org.agora.adapter.hypervisor.DomainState.ABSENT, adapter.hypervisor().status(id).state(),
                    "libvirt has no such domain left");
            assertFalse(storage.leftovers().contains(id), "no volume left: " + storage.leftovers());
            assertTrue(Files.notExists(storage.consoleLog(id)), "the console log went with the workspace");
        }
    }
}
