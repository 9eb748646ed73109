package org.agora.deployment;

import static org.agora.deployment.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.agora.deployment.description.Problem;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

/** "after": a component created only once others are Ready; circles refused. */
class OrderingTest {

    @Test
    void aComponentWaitsForEveryDomainOfTheCompoundItIsAfter() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  client { kind = domain, image = sl5, memory = 1G, after = ../services }
                  services {
                    kind = compound
                    db { kind = domain, image = sl5, memory = 1G }
                    web { kind = domain, image = sl5, memory = 1G, after = [../db] }
                  }
                }
                """);
        assertEquals(List.of("deployment", "deployment/services", "deployment/services/db", "deployment/services/web",
                "deployment/client"), plan.components().stream().map(component -> component.path().toString()).toList());
        assertEquals(Set.of(path("deployment/services/db"), path("deployment/services/web")),
                plan.member(path("deployment/client")).orElseThrow().waitsForReady());
        assertEquals(Set.of(path("deployment/services/db")),
                plan.member(path("deployment/services/web")).orElseThrow().waitsForReady());
    }

    @Test
    void componentsWaitingForEachOtherAreRefusedWithTheCircle() {
        Problem cycle = Fixtures.problems("""
                deployment {
                  kind = compound
                  a { kind = domain, image = sl5, memory = 1G, after = ../c }
                  b { kind = domain, image = sl5, memory = 1G, after = ../a }
                  c { kind = domain, image = sl5, memory = 1G, after = ../b }
                }
                """).get(0);
        assertEquals(ProblemCode.CYCLE, cycle.code());
        assertTrue(cycle.message().contains("deployment/a -> deployment/b -> deployment/c -> deployment/a")
                || cycle.message().contains("deployment/b -> deployment/c -> deployment/a -> deployment/b")
                || cycle.message().contains("deployment/c -> deployment/a -> deployment/b -> deployment/c"), cycle.toString());
        assertTrue(cycle.toString().matches("test\\.conf:[345]: deployment/[abc]\\.after: .*"), cycle.toString());
    }

    @Test
    void aComponentAfterItsOwnParentIsACircle() {
        Problem cycle = Fixtures.problems("""
                deployment {
                  kind = compound
                  group { kind = compound, a { kind = domain, image = sl5, memory = 1G, after = .. } }
                }
                """).get(0);
        assertEquals(ProblemCode.CYCLE, cycle.code());
    }

    @Test
    void anAfterNamingNoComponentIsUnresolved() {
        Problem missing = Fixtures.problems("""
                deployment {
                  kind = compound
                  a { kind = domain, image = sl5, memory = 1G, after = [../server] }
                }
                """).get(0);
        assertEquals("test.conf:3: deployment/a.after: '../server' leads to no component: there is no deployment/server",
                missing.toString());
    }
}
