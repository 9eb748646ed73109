package org.agora.deployment.components;

import java.util.Optional;
import java.util.Set;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.kind.ComponentAttributes;
import org.agora.deployment.kind.ComponentKind;
import org.agora.deployment.kind.ComponentSpec;

/** {@code kind = domain}: one virtual machine, a workspace once deployed; may hold one storage child (its disk). */
public final class DomainKind implements ComponentKind {

    public static final String NAME = "domain";
    static final String VCPUS = "vcpus";
    static final String MEMORY = "memory";
    static final String IMAGE = "image";
    static final String READINESS = "readiness";
    static final String BID = "bid";
    static final String USER_DATA = "user-data";

    /** Known once the domain runs: its IP address, its host name, and the node that holds it. */
    public static final Set<String> RUN_TIME = Set.of("address", "hostname", "node");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> attributes() {
        return Set.of(VCPUS, MEMORY, IMAGE, READINESS, BID, USER_DATA);
    }

    @Override
    public Set<String> runTimeAttributes() {
        return RUN_TIME;
    }

    @Override
    public Set<String> lateBoundAttributes() {
        return Set.of(USER_DATA);
    }

    @Override
    public boolean acceptsChild(String childKind) {
        return StorageKind.NAME.equals(childKind);
    }

    @Override
    public ComponentSpec read(ComponentAttributes attributes) {
        long storages = attributes.component().children().size();
        if (storages > 1) {
            attributes.problem(ProblemCode.CHILD_NOT_ALLOWED, "kind", "a domain holds at most one storage; it has " + storages);
        }
        int vcpus = (int) attributes.whole(VCPUS, 1, 1);
        long memory = attributes.mebibytes(MEMORY, 0);
        if (!attributes.has(MEMORY)) {
            attributes.problem(ProblemCode.MISSING_ATTRIBUTE, MEMORY, "required, as a size such as 512M or 2G");
        }
        String image = attributes.text(IMAGE);
        DomainSpec.Readiness readiness = attributes.section(READINESS, Set.of("probe", "port", "marker"))
                .map(DomainKind::readiness).orElse(DomainSpec.Readiness.running());
        Optional<DomainSpec.Bid> bid = attributes.section(BID, Set.of("credits", "hours"))
                .map(section -> new DomainSpec.Bid(section.whole("credits", 1, 1), section.whole("hours", 1, 1)));
        return new DomainSpec(vcpus, memory, image, readiness, bid, attributes.optionalText(USER_DATA));
    }

    private static DomainSpec.Readiness readiness(ComponentAttributes section) {
        DomainSpec.Probe probe = section.choice("probe", DomainSpec.Probe.class, DomainSpec.Probe.RUNNING);
        int port = (int) section.whole("port", 22, 1);
        String marker = section.text("marker", "");
        if (probe == DomainSpec.Probe.CONSOLE && marker.isEmpty()) {
            section.problem(ProblemCode.MISSING_ATTRIBUTE, "marker", "a console probe needs the line the guest prints when ready");
        }
        return new DomainSpec.Readiness(probe, port, marker);
    }
}
