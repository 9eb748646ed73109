package org.agora.workspace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {
    private final RequestLimits limits = new RequestLimits(8, 16_384, 100_000, 2048, Duration.ofDays(2));

    private static WorkspaceRequest request(int vcpus, int memory, int disk, Duration duration) {
        return new WorkspaceRequest(null, "debian-12", null, vcpus, memory, disk, duration, null);
    }

    @Test
    void defaultsAreFilledIn() throws Exception {
        WorkspaceRequest checked = limits.check(request(2, 1024, 0, Duration.ofHours(3)));
        assertEquals(2048, checked.diskMiB());
        assertEquals("debian-12", checked.name());
        assertEquals(WorkspaceState.RUNNING, checked.initialState());
    }

    @Test
    void eachOutOfRangeFieldIsNamedWithTheAllowedRange() {
        InvalidRequestException memory = assertThrows(InvalidRequestException.class,
                () -> limits.check(request(1, 0, 0, Duration.ofHours(1))));
        assertEquals("ResourceAllocation/MemoryMiB", memory.field());
        assertTrue(memory.getMessage().contains("from 16 to 16384"), memory.getMessage());

        InvalidRequestException vcpus = assertThrows(InvalidRequestException.class,
                () -> limits.check(request(9, 512, 0, Duration.ofHours(1))));
        assertEquals("ResourceAllocation/Vcpus", vcpus.field());

        InvalidRequestException duration = assertThrows(InvalidRequestException.class,
                () -> limits.check(request(1, 512, 0, Duration.ofDays(3))));
        assertEquals("DeploymentRequest/Duration", duration.field());
        assertTrue(duration.getMessage().contains("maximum"), duration.getMessage());
    }

    @Test
    void imageReferencesAreChecked() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> limits.check(
                new WorkspaceRequest(null, "bad image;rm", null, 1, 512, 0, Duration.ofHours(1), null)));
        assertEquals("Metadata/Image", e.field());
        InvalidRequestException sha = assertThrows(InvalidRequestException.class, () -> limits.check(
                new WorkspaceRequest(null, "debian-12", "abc", 1, 512, 0, Duration.ofHours(1), null)));
        assertEquals("Metadata/ImageSha256", sha.field());
    }
}
