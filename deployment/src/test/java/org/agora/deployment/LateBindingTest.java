package org.agora.deployment;

import static org.agora.deployment.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.agora.deployment.description.Problem;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

/** References to values known only at run time: checked when read, resolved when deployed. */
class LateBindingTest {

    @Test
    void aRunTimeReferenceToAComponentNotOrderedBeforeIsRefusedWithTheFix() {
        Problem problem = Fixtures.problems("""
                deployment {
                  kind = compound
                  server { kind = domain, image = sl5, memory = 1G }
                  workers {
                    kind = compound
                    w1 { kind = domain, image = sl5, memory = 1G,
                         user-data = "server=@{../../server/address}" }
                  }
                }
                """).get(0);
        assertEquals(ProblemCode.NOT_ORDERED, problem.code());
        assertEquals("test.conf:7: deployment/workers/w1.user-data: refers to deployment/server at run time, but is "
                + "not ordered after it: add after = [\"../../server\"] to deployment/workers/w1 or to a compound holding it",
                problem.toString());
    }

    @Test
    void staticPartsAreResolvedAtOnceAndRunTimePartsAtDeployment() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  db { kind = domain, image = sl5, memory = 1G, vcpus = 2 }
                  app { kind = domain, image = sl5, memory = 1G, after = ../db,
                        user-data = "db=@{../db/hostname}:@{../db/vcpus} on @{../db/node}" }
                }
                """);
        var app = plan.member(path("deployment/app")).orElseThrow();
        assertEquals(Optional.of("db=@{../db/hostname}:2 on @{../db/node}"),
                app.lateUserData().map(binding -> renderTemplate(binding.template())));
        assertEquals(Optional.of("db=db.example:2 on node-7"), app.domain(new Fixtures.Reported()
                .with("deployment/db", "hostname", "db.example").with("deployment/db", "node", "node-7")).userData());
    }

    @Test
    void aRunTimeAttributeOfAKindThatHasNoneIsUnresolved() {
        Problem problem = Fixtures.problems("""
                deployment {
                  kind = compound
                  pool { kind = compound, a { kind = domain, image = sl5, memory = 1G } }
                  b { kind = domain, image = sl5, memory = 1G, after = ../pool, user-data = "@{../pool/address}" }
                }
                """).get(0);
        assertEquals(ProblemCode.UNRESOLVED_REFERENCE, problem.code());
        assertEquals("test.conf:4: deployment/b.user-data: @{../pool/address}: deployment/pool has no attribute 'address'",
                problem.toString());
    }

    @Test
    void aRunTimeReferenceOutsideTheAttributesThatTakeThemIsRefused() {
        Problem problem = Fixtures.problems("""
                deployment {
                  kind = compound
                  a { kind = domain, image = sl5, memory = 1G }
                  b { kind = domain, image = "@{../a/hostname}", memory = 1G, after = ../a }
                }
                """).get(0);
        assertEquals("test.conf:4: deployment/b.image: holds a reference known only at run time; a domain takes them "
                + "only in user-data", problem.toString());
    }

    private static String renderTemplate(org.agora.deployment.reference.Template template) {
        StringBuilder text = new StringBuilder();
        for (var part : template.parts()) {
            text.append(part instanceof org.agora.deployment.reference.Template.Text literal ? literal.text() : part.toString());
        }
        return text.toString();
    }
}
