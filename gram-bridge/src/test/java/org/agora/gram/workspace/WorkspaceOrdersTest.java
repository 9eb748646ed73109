package org.agora.gram.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.agora.gram.JobDescriptions;
import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;
import org.junit.jupiter.api.Test;

/** A job's workspace: what the RSL names, else the site's defaults, within the site's limits. */
class WorkspaceOrdersTest {
    private final WorkspaceOrders orders = new WorkspaceOrders(new SiteDefaults("debian-12", 1, 512,
            Duration.ofHours(1), Duration.ofMinutes(10), 8, 16_384, Duration.ofDays(7)));

    @Test
    void aBareJobGetsTheSitesDefaultsAndItsWallTimePlusTheMargin() throws Exception {
        WorkspaceOrder order = orders.order("j1", JobDescriptions.fromRsl("&(executable=/bin/true)"), "https://ce/1/2/",
                "#!/bin/sh\n");
        assertEquals("debian-12", order.image());
        assertEquals(1, order.vcpus());
        assertEquals(512, order.memoryMiB());
        assertEquals(Duration.ofMinutes(70), order.lifetime());
        assertNull(order.bid());
        assertEquals("j1", order.name());
        assertEquals("https://ce/1/2/", order.gridJobId());
        assertEquals("#!/bin/sh\n", order.userData());
    }

    @Test
    void agoraAttributesWinOverGramOnes() throws Exception {
        JobDescription job = JobDescriptions.fromRsl("&(executable=/bin/true)(count=4)(max_memory=1024)"
                + "(agora_vcpus=2)(agora_memory=2048)(agora_image=centos7)(agora_bid=12.5)(max_wall_time=30)");
        WorkspaceOrder order = orders.order("j1", job, "c", "s");
        assertEquals("centos7", order.image());
        assertEquals(2, order.vcpus());
        assertEquals(2048, order.memoryMiB());
        assertEquals(new BigDecimal("12.5"), order.bid());
        assertEquals(Duration.ofMinutes(40), order.lifetime());
    }

    @Test
    void countAndMaxMemorySizeTheWorkspaceWithoutAgoraAttributes() throws Exception {
        WorkspaceOrder order = orders.order("j1", JobDescriptions.fromRsl("&(executable=/bin/true)(count=4)(max_memory=1024)"),
                "c", "s");
        assertEquals(4, order.vcpus());
        assertEquals(1024, order.memoryMiB());
    }

    @Test
    void moreThanTheSiteAllowsIsRefusedNamingTheAttribute() {
        assertRefused("&(executable=/bin/true)(agora_vcpus=9)", "agora_vcpus");
        assertRefused("&(executable=/bin/true)(count=9)", "count");
        assertRefused("&(executable=/bin/true)(agora_memory=20000)", "agora_memory");
        assertRefused("&(executable=/bin/true)(max_wall_time=20000)", "max_wall_time");
        assertRefused("&(executable=/bin/true)(agora_bid=0)", "agora_bid");
    }

    private void assertRefused(String rsl, String attribute) {
        JobDescriptionException e = assertThrows(JobDescriptionException.class,
                () -> orders.order("j1", JobDescriptions.fromRsl(rsl), "c", "s"));
        assertTrue(e.getMessage().contains(attribute), e.getMessage());
    }
}
