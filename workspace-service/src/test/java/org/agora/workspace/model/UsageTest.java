package org.agora.workspace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static Workspace workspace(String id, WorkspaceState state, Instant termination) {
        return new Workspace(id, "/CN=Jane", id, "debian-12", null, 1, 512, 1024, WorkspaceState.RUNNING, state, null,
                "n1", T0, T0, termination, null, null, 256, null, null, null, null, 0);
    }

    static StateChange change(WorkspaceState to, int minutes) {
        return new StateChange(null, to, T0.plus(Duration.ofMinutes(minutes)), "test");
    }

    @Test
    void usedTimeRunsFromDeploymentToTheEndAndReservedTimeToTermination() {
        Instant now = T0.plus(Duration.ofMinutes(90));
        Workspace ended = workspace("ended", WorkspaceState.CANCELLED, T0.plus(Duration.ofHours(2)));
        Workspace running = workspace("running", WorkspaceState.RUNNING, T0.plus(Duration.ofHours(3)));
        Workspace queued = workspace("queued", WorkspaceState.UNPROPAGATED, T0.plus(Duration.ofHours(2)));
        Map<String, List<StateChange>> history = Map.of(
                "ended", List.of(change(WorkspaceState.UNPROPAGATED, 0), change(WorkspaceState.RUNNING, 1),
                        change(WorkspaceState.PAUSED, 10), change(WorkspaceState.CANCELLED, 31)),
                "running", List.of(change(WorkspaceState.UNPROPAGATED, 30), change(WorkspaceState.RUNNING, 30)),
                "queued", List.of(change(WorkspaceState.UNPROPAGATED, 89)));
        Usage usage = Usage.of(List.of(ended, running, queued), history::get, now);
        assertEquals(Duration.ofMinutes(30 + 60), usage.used(), "30 min until cancelled + 60 min running so far");
        assertEquals(Duration.ofMinutes(90 + 30), usage.reserved(), "what the live ones may still run");
        assertEquals(3, usage.workspaces());
        assertEquals(2, usage.live());
    }
}
