package org.agora.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.agora.deployment.description.Problem;
import org.junit.jupiter.api.Test;

/** Values beyond the site's limits are refused before anything is deployed, naming the limit. */
class SiteLimitsTest {

    @Test
    void membersBeyondTheSitesLimitsAreRefusedEachAtItsLine() {
        List<Problem> problems = Fixtures.problems("""
                deployment {
                  kind = compound
                  big {
                    kind = domain, image = sl5
                    memory = 8G
                    vcpus = 16
                    disk { kind = storage, disk = 100G }
                  }
                }
                """);
        assertEquals(List.of(
                "test.conf:6: deployment/big.vcpus: asks for 16 vcpus; this site allows 1 to 4 vcpus",
                "test.conf:5: deployment/big.memory: asks for 8192 MiB; this site allows 64 to 4096 MiB",
                "test.conf:7: deployment/big/disk.disk: asks for 102400 MiB; this site allows 1 to 20480 MiB"),
                problems.stream().map(Problem::toString).toList());
    }
}
