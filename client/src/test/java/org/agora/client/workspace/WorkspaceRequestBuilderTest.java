package org.agora.client.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.agora.contract.workspace.Create;
import org.junit.jupiter.api.Test;

class WorkspaceRequestBuilderTest {
    @Test
    void fieldsLandInTheContractsElements() {
        Create c = new WorkspaceRequestBuilder().image("debian-12").vcpus(2).memoryMiB(768).diskMiB(4096)
                .duration(Duration.ofMinutes(90)).name("web").build();
        assertEquals("debian-12", c.getMetadata().getImage());
        assertEquals("web", c.getMetadata().getName());
        assertEquals(2, c.getResourceAllocation().getVcpus());
        assertEquals(768, c.getResourceAllocation().getMemoryMiB());
        assertEquals(4096, c.getResourceAllocation().getDiskMiB());
        assertEquals(Duration.ofMinutes(90).toMillis(),
                c.getDeploymentRequest().getDuration().getTimeInMillis(new java.util.Date(0)));
    }

    @Test
    void theDiskIsLeftToTheSiteWhenNotGiven() {
        Create c = new WorkspaceRequestBuilder().image("debian-12").memoryMiB(512).duration(Duration.ofHours(1)).build();
        assertNull(c.getResourceAllocation().getDiskMiB());
    }
}
