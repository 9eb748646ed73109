package org.agora.deployment;

import static org.agora.deployment.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.agora.deployment.components.CompoundKind;
import org.agora.deployment.components.CompoundSpec;
import org.agora.deployment.components.ChildDeathPolicy;
import org.agora.deployment.components.DomainSpec;
import org.agora.deployment.components.StorageSpec;
import org.agora.deployment.description.Problem;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.example.DnsAliasKind;
import org.agora.deployment.kind.KindRegistry;
import org.agora.deployment.plan.DeploymentPlan;
import org.agora.deployment.plan.PlannedComponent;
import org.junit.jupiter.api.Test;

/** Kinds map a component to its code: Agora's three, and any installed through ServiceLoader. */
class KindTest {

    @Test
    void anUnknownKindIsRefusedNamingTheInstalledOnes() {
        Problem unknown = Fixtures.problems("""
                deployment {
                  kind = compound
                  a { kind = domian, image = sl5, memory = 1G }
                }
                """).get(0);
        assertEquals(ProblemCode.UNKNOWN_KIND, unknown.code());
        assertEquals("test.conf:3: deployment/a.kind: no kind 'domian' is installed; installed: compound, dns-alias, "
                + "domain, storage", unknown.toString());
    }

    @Test
    void aKindInstalledThroughServiceLoaderReadsItsComponents() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  ce { kind = domain, image = sl5, memory = 1G }
                  alias { kind = dns-alias, name = ce, address = "@{../ce/address}", after = ../ce }
                }
                """);
        PlannedComponent alias = plan.component(path("deployment/alias")).orElseThrow();
        assertEquals(new DnsAliasKind.DnsAlias("ce", "@{../ce/address}"), alias.spec());
        assertEquals("address", alias.lateBindings().get(0).attribute());
        assertEquals(List.of("deployment/ce"), plan.members().stream().map(member -> member.path().toString()).toList());
    }

    @Test
    void everyMistakeIsReportedAtOnceWithItsLine() {
        List<Problem> problems = Fixtures.problems("""
                deployment {
                  kind = compound
                  on-child-death { default = reboot, nobody = ignore }
                  a {
                    kind = domain
                    image = sl5
                    memroy = 1G
                    vcpus = many
                    readiness { probe = console }
                  }
                  disk { kind = storage, disk = 4G }
                  alias { kind = dns-alias, name = "Not A Label", address = x }
                }
                """);
        assertEquals(List.of(
                "test.conf:11: deployment/disk: a compound cannot hold a storage (a storage belongs to a domain)",
                "test.conf:3: deployment.on-child-death.nobody: unknown here; known: a, alias, default, disk",
                "test.conf:3: deployment.on-child-death.default: is 'reboot'; one of terminate, restart, ignore is expected",
                "test.conf:7: deployment/a.memroy: a domain has no such attribute; known: after, bid, image, kind, memory, "
                        + "readiness, user-data, vcpus",
                "test.conf:8: deployment/a.vcpus: a whole number is expected, not 'many'",
                "test.conf:4: deployment/a.memory: required, as a size such as 512M or 2G",
                "test.conf:9: deployment/a.readiness.marker: a console probe needs the line the guest prints when ready",
                "test.conf:12: deployment/alias.name: a DNS label (a-z, 0-9, inner dashes) is expected"),
                problems.stream().map(Problem::toString).toList());
    }

    @Test
    void aSizeWithoutItsUnitIsRefusedRatherThanReadAsBytes() {
        Problem problem = Fixtures.problems("""
                deployment { kind = compound, a { kind = domain, image = sl5, memory = 1024 } }
                """).get(0);
        assertEquals("test.conf:1: deployment/a.memory: a size needs its unit: 1024M or 1024G, say, not a bare 1024",
                problem.toString());
    }

    @Test
    void aDomainOnAMarketSiteCarriesItsBidAndItsDisk() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  a {
                    kind = domain, image = sl5, memory = 1G, bid { credits = 500, hours = 2 }
                    root { kind = storage, backend = lvm, disk = 10G, compress-at-termination = true }
                  }
                }
                """);
        var member = plan.member(path("deployment/a")).orElseThrow();
        assertEquals(java.util.Optional.of(new DomainSpec.Bid(500, 2)), member.domain().bid());
        assertEquals(java.util.Optional.of(new StorageSpec(StorageSpec.Backend.LVM, 10240, 0, false, true)), member.storage());
    }

    @Test
    void anOverlayCannotBeCompressedAtTermination() {
        Problem problem = Fixtures.problems("""
                deployment { kind = domain, image = sl5, memory = 1G,
                  root { kind = storage, disk = 10G, compress-at-termination = true } }
                """).get(0);
        assertEquals("test.conf:2: deployment/root.compress-at-termination: an overlay is discarded at termination; "
                + "compressing it needs backend copy, loopback or lvm", problem.toString());
    }

    @Test
    void aCompoundsPolicyIsPerChildWithADefault() throws Exception {
        DeploymentPlan plan = Fixtures.plan("""
                deployment {
                  kind = compound
                  on-child-death { default = ignore, a = restart }
                  max-restarts = 5
                  a { kind = domain, image = sl5, memory = 1G }
                  b { kind = domain, image = sl5, memory = 1G }
                }
                """);
        CompoundSpec root = (CompoundSpec) plan.component(path("deployment")).orElseThrow().spec();
        assertEquals(ChildDeathPolicy.RESTART, root.policyFor("a"));
        assertEquals(ChildDeathPolicy.IGNORE, root.policyFor("b"));
        assertEquals(ChildDeathPolicy.IGNORE, plan.member(path("deployment/b")).orElseThrow().onDeath());
        assertEquals(5, plan.member(path("deployment/a")).orElseThrow().maxRestarts());
    }

    @Test
    void twoKindsUnderOneNameAreRefusedAtStartUp() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> KindRegistry.of(List.of(new CompoundKind(), new CompoundKind())));
        assertTrue(refused.getMessage().startsWith("two component kinds are named 'compound'"), refused.getMessage());
    }
}
