package org.agora.deployment;

import static org.agora.deployment.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.agora.deployment.description.Problem;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

/** References to other components' attributes by path, up and down the tree, and to absolute paths. */
class ReferenceTest {

    @Test
    void referencesGoUpToAParentAndDownIntoAChild() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  max-restarts = 2
                  head {
                    kind = domain, memory = 1G, image = sl5
                    user-data = "restarts=@{../max-restarts} disk=@{scratch/disk}"
                    scratch { kind = storage, disk = 4G }
                  }
                }
                """);
        assertEquals(Optional.of("restarts=2 disk=4G"),
                plan.member(path("deployment/head")).orElseThrow().domain().userData());
    }

    @Test
    void aWholeValueReferenceKeepsItsTypeAndReferencesFollowEachOther() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  a { kind = domain, memory = 768M, image = sl5, vcpus = "@{../b/vcpus}" }
                  b { kind = domain, memory = "@{../a/memory}", image = "@{/c/image}", vcpus = 3 }
                  c { kind = domain, memory = "@{../b/memory}", image = sl6 }
                }
                """);
        assertEquals(3, plan.member(path("deployment/a")).orElseThrow().domain().vcpus());
        assertEquals(768, plan.member(path("deployment/b")).orElseThrow().domain().memoryMiB());
        assertEquals("sl6", plan.member(path("deployment/b")).orElseThrow().domain().image());
        assertEquals(768, plan.member(path("deployment/c")).orElseThrow().domain().memoryMiB());
    }

    @Test
    void anAbsoluteSubstitutionIsHoconsOwn() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                sizes { small = 256M }
                deployment { kind = compound, a { kind = domain, memory = ${sizes.small}, image = sl5 } }
                """);
        assertEquals(256, plan.member(path("deployment/a")).orElseThrow().domain().memoryMiB());
    }

    @Test
    void referencesThatGoRoundInACircleAreRefusedWithTheCircle() {
        Problem cycle = Fixtures.problems("""
                deployment {
                  kind = compound
                  a { kind = domain, image = sl5, memory = "@{../b/memory}" }
                  b { kind = domain, image = sl5,
                      memory = "@{../a/memory}" }
                }
                """).get(0);
        assertEquals(ProblemCode.CYCLE, cycle.code());
        assertEquals("test.conf:3: deployment/a.memory: references go round in a circle: "
                + "deployment/a.memory -> deployment/b.memory -> deployment/a.memory", cycle.toString());
    }

    @Test
    void aReferenceToAMissingComponentOrAttributeNamesWhatIsMissing() {
        var problems = Fixtures.problems("""
                deployment {
                  kind = compound
                  a { kind = domain, image = sl5, memory = 1G, user-data = "@{../nobody/address}" }
                  b { kind = domain, image = sl5, memory = 1G, user-data = "@{../a/adress}" }
                  c { kind = domain, image = sl5, memory = 1G, user-data = "@{../../../a/address}" }
                }
                """);
        assertEquals(3, problems.size(), problems.toString());
        problems.forEach(problem -> assertEquals(ProblemCode.UNRESOLVED_REFERENCE, problem.code()));
        assertEquals("test.conf:3: deployment/a.user-data: @{../nobody/address} leads to no component: "
                + "there is no deployment/nobody", problems.get(0).toString());
        assertEquals("test.conf:4: deployment/b.user-data: @{../a/adress}: deployment/a has no attribute 'adress'; "
                + "known at run time: address, hostname, node", problems.get(1).toString());
        assertTrue(problems.get(2).message().contains("above the root"), problems.get(2).toString());
    }

    @Test
    void anUnresolvedSubstitutionIsReportedWithFileAndLine() {
        Problem unresolved = Fixtures.problems("""
                deployment {
                  kind = compound
                  a = ${templates.nodee}
                }
                """).get(0);
        assertEquals(ProblemCode.UNRESOLVED_REFERENCE, unresolved.code());
        assertTrue(unresolved.toString().startsWith("test.conf:3: ${templates.nodee}: "), unresolved.toString());
    }

    @Test
    void aDescriptionMeansTheSameWhateverTheEnvironment() {
        Problem problem = Fixtures.problems("""
                deployment { kind = compound, a { kind = domain, image = ${PATH}, memory = 1G } }
                """).get(0);
        assertEquals(ProblemCode.UNRESOLVED_REFERENCE, problem.code());
        assertTrue(problem.toString().startsWith("test.conf:1: ${PATH}: "), problem.toString());
    }

    @Test
    void aLiteralAtSignBraceIsWrittenDoubled() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment { kind = compound, a { kind = domain, image = sl5, memory = 1G, user-data = "x=@@{y}" } }
                """);
        assertEquals(Optional.of("x=@{y}"), plan.member(path("deployment/a")).orElseThrow().domain().userData());
    }
}
