package org.agora.workspace.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkspaceStateTest {
    @Test
    void theLifecycleUsersSeeIsAllowed() {
        assertTrue(WorkspaceState.UNPROPAGATED.canMoveTo(WorkspaceState.PROPAGATED));
        assertTrue(WorkspaceState.PROPAGATED.canMoveTo(WorkspaceState.RUNNING));
        assertTrue(WorkspaceState.RUNNING.canMoveTo(WorkspaceState.PAUSED));
        assertTrue(WorkspaceState.PAUSED.canMoveTo(WorkspaceState.RUNNING));
        assertTrue(WorkspaceState.RUNNING.canMoveTo(WorkspaceState.SHUTDOWN));
        assertTrue(WorkspaceState.SHUTDOWN.canMoveTo(WorkspaceState.DESTROYED));
        assertTrue(WorkspaceState.RUNNING.canMoveTo(WorkspaceState.CORRUPTED));
        assertTrue(WorkspaceState.CORRUPTED.canMoveTo(WorkspaceState.CANCELLED));
    }

    @Test
    void illegalMovesAreRefused() {
        assertFalse(WorkspaceState.RUNNING.canMoveTo(WorkspaceState.PROPAGATED));
        assertFalse(WorkspaceState.UNPROPAGATED.canMoveTo(WorkspaceState.SHUTDOWN));
        assertFalse(WorkspaceState.RUNNING.canMoveTo(WorkspaceState.RUNNING));
    }

    @ParameterizedTest
    @EnumSource(value = WorkspaceState.class, names = {"DESTROYED", "CANCELLED"})
    void nothingLeavesATerminalState(WorkspaceState terminal) {
        for (WorkspaceState next : WorkspaceState.values()) {
            assertFalse(terminal.canMoveTo(next), terminal + " -> " + next);
        }
    }
}
