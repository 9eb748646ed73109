package org.agora.deployment;

import static org.agora.deployment.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.agora.deployment.components.DomainSpec;
import org.agora.deployment.description.Problem;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

/** A component that branches off another, overriding or adding attributes, to any depth. */
class ExtensionTest {

    private static final String CHAIN = """
            base { kind = domain, vcpus = 1, memory = 512M, image = sl5 }
            medium = ${base} { memory = 1G }
            large = ${medium} { vcpus = 4, user-data = "large" }
            deployment {
              kind = compound
              a = ${base}
              b = ${medium}
              c = ${large} { image = sl6 }
            }
            """;

    @Test
    void eachLinkOfAnExtensionChainOverridesOrAddsAttributes() throws Exception {
        DeploymentPlan plan = Fixtures.plan(CHAIN);
        DomainSpec a = plan.member(path("deployment/a")).orElseThrow().domain();
        DomainSpec b = plan.member(path("deployment/b")).orElseThrow().domain();
        DomainSpec c = plan.member(path("deployment/c")).orElseThrow().domain();
        assertEquals(List.of(1, 512L, "sl5", Optional.<String>empty()), List.of(a.vcpus(), a.memoryMiB(), a.image(), a.userData()));
        assertEquals(List.of(1, 1024L, "sl5", Optional.<String>empty()), List.of(b.vcpus(), b.memoryMiB(), b.image(), b.userData()));
        assertEquals(List.of(4, 1024L, "sl6", Optional.of("large")), List.of(c.vcpus(), c.memoryMiB(), c.image(), c.userData()));
    }

    @Test
    void anExtensionMergesNestedObjectsDeeply() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                node { kind = domain, image = sl5, memory = 1G, readiness { probe = tcp, port = 22 } }
                deployment { kind = compound, a = ${node} { readiness { port = 2222 } } }
                """);
        assertEquals(new DomainSpec.Readiness(DomainSpec.Probe.TCP, 2222, ""),
                plan.member(path("deployment/a")).orElseThrow().domain().readiness());
    }

    @Test
    void templatesOutsideTheDeploymentAreNotDeployed() throws Exception {
        DeploymentPlan plan = Fixtures.plan(CHAIN);
        assertEquals(List.of("deployment/a", "deployment/b", "deployment/c"),
                plan.members().stream().map(member -> member.path().toString()).toList());
    }

    @Test
    void anOverriddenValueIsReportedAtTheLineThatSetIt() {
        List<Problem> problems = Fixtures.problems(CHAIN.replace("large = ${medium} { vcpus = 4", "large = ${medium} { vcpus = 64"));
        Problem tooMany = problems.get(0);
        assertEquals(ProblemCode.OUT_OF_LIMITS, tooMany.code());
        assertEquals("test.conf:3: deployment/c.vcpus: asks for 64 vcpus; this site allows 1 to 4 vcpus", tooMany.toString());
    }

    @Test
    void aComponentExtendingItselfIsACycleNamedAtItsLine() {
        Problem cycle = Fixtures.problems("""
                deployment {
                  kind = compound
                  a = ${deployment.b} { kind = domain }
                  b = ${deployment.a}
                }
                """).get(0);
        assertEquals(ProblemCode.CYCLE, cycle.code());
        assertTrue(cycle.toString().startsWith("test.conf:"), cycle.toString());
        assertTrue(cycle.origin().line() >= 3, cycle.toString());
    }
}
