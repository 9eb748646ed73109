package org.agora.workspace.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.agora.workspace.model.WorkspaceRequest;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final WorkspaceRequest TWO_GIB = new WorkspaceRequest("w", "debian-12", null, 2, 2048, 1024,
            Duration.ofHours(1), null);

    private final List<NodeLoad> nodes = List.of(
            new NodeLoad("busy", 8, 8192, 100_000, 6, 6144, 0),
            new NodeLoad("full", 8, 8192, 100_000, 7, 7000, 0),
            new NodeLoad("idle", 8, 8192, 100_000, 0, 0, 0));

    @Test
    void firstFitPacksTheFirstNodeThatHoldsTheRequest() {
        assertEquals(Optional.of("busy"), new FirstFitPlacement().choose(nodes, TWO_GIB));
    }

    @Test
    void leastLoadedSpreads() {
        assertEquals(Optional.of("idle"), new LeastLoadedPlacement().choose(nodes, TWO_GIB));
    }

    @Test
    void noNodeIsOverCommitted() {
        List<NodeLoad> nearlyFull = List.of(new NodeLoad("a", 4, 4096, 10_000, 3, 3000, 0),
                new NodeLoad("b", 4, 4096, 1_000, 0, 0, 0));
        assertEquals(Optional.empty(), new FirstFitPlacement().choose(nearlyFull, TWO_GIB),
                "a lacks memory and vcpus, b lacks disk");
        assertEquals(Optional.empty(), new LeastLoadedPlacement().choose(nearlyFull, TWO_GIB));
    }

    @Test
    void aNodeOfAnotherHypervisorIsNeverChosen() {
        WorkspaceRequest xen = new WorkspaceRequest("w", "debian-12", null, 1, 512, 64, Duration.ofHours(1), null,
                new org.agora.workspace.model.Platform(org.agora.workspace.model.Platform.Hypervisor.XEN, null, null,
                        null, null), List.of(), 0, null);
        List<NodeLoad> mixed = List.of(new NodeLoad("kvm1", 8, 8192, 100_000, 0, 0, 0, "kvm", "x86_64"),
                new NodeLoad("xen1", 8, 8192, 100_000, 4, 4096, 0, "xen", "x86_64"));
        assertEquals(Optional.of("xen1"), new FirstFitPlacement().choose(mixed, xen));
        assertEquals(Optional.of("xen1"), new LeastLoadedPlacement().choose(mixed, xen));
    }

    @Test
    void reservationsAddUpSoAGroupNeverOverCommits() {
        NodeLoad node = new NodeLoad("n", 8, 8192, 100_000, 0, 0, 0);
        NodeLoad afterThree = node.plus(TWO_GIB).plus(TWO_GIB).plus(TWO_GIB);
        assertEquals(6, afterThree.usedVcpus());
        assertEquals(6144, afterThree.usedMemoryMiB());
        assertEquals(Optional.of("n"), new FirstFitPlacement().choose(List.of(afterThree), TWO_GIB));
        assertEquals(Optional.empty(), new FirstFitPlacement().choose(List.of(afterThree.plus(TWO_GIB)), TWO_GIB));
    }
}
