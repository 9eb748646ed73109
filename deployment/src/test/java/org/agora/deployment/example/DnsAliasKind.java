package org.agora.deployment.example;

import java.util.Set;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.kind.ComponentAttributes;
import org.agora.deployment.kind.ComponentKind;
import org.agora.deployment.kind.ComponentSpec;

/**
 * The worked example of docs/deployments.md: a kind installed beside Agora's own, registered in
 * META-INF/services. {@code kind = dns-alias} publishes a name for an address, typically a domain's,
 * known only at run time.
 */
public final class DnsAliasKind implements ComponentKind {

    /** What the kind read: the name to publish and the address it stands for (maybe still a reference). */
    public record DnsAlias(String name, String address) implements ComponentSpec {
    }

    @Override
    public String name() {
        return "dns-alias";
    }

    @Override
    public Set<String> attributes() {
        return Set.of("name", "address");
    }

    @Override
    public Set<String> lateBoundAttributes() {
        return Set.of("address");
    }

    @Override
    public Set<String> runTimeAttributes() {
        return Set.of("fqdn");
    }

    @Override
    public ComponentSpec read(ComponentAttributes attributes) {
        String name = attributes.text("name");
        if (!name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            attributes.problem(ProblemCode.BAD_VALUE, "name", "a DNS label (a-z, 0-9, inner dashes) is expected");
        }
        return new DnsAlias(name, attributes.text("address"));
    }
}
