package org.agora.deployment.components;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.agora.deployment.kind.ComponentSpec;

/**
 * A virtual machine: size, image, how to tell it is ready, an optional market bid, and the user-data
 * handed to the guest. {@code userData} is as written: it may hold {@code @{…}} run-time references,
 * which the plan resolves at deployment time.
 */
public record DomainSpec(int vcpus, long memoryMiB, String image, Readiness readiness, Optional<Bid> bid,
                         Optional<String> userData) implements ComponentSpec {

    /** How the service decides the domain is Ready (the adapter's readiness probes). */
    public enum Probe { RUNNING, CONSOLE, TCP, PING }

    /** {@code port} for TCP, {@code marker} (a line the guest prints on its console) for CONSOLE. */
    public record Readiness(Probe probe, int port, String marker) {
        public static Readiness running() {
            return new Readiness(Probe.RUNNING, 0, "");
        }
    }

    /** On a market site: {@code credits} spent over {@code hours} (a Tycoon bid). */
    public record Bid(long credits, long hours) {
    }

    public DomainSpec withUserData(String resolved) {
        return new DomainSpec(vcpus, memoryMiB, image, readiness, bid, Optional.of(resolved));
    }

    @Override
    public Map<String, Long> quantities() {
        Map<String, Long> quantities = new LinkedHashMap<>();
        quantities.put(DomainKind.VCPUS, (long) vcpus);
        quantities.put(DomainKind.MEMORY, memoryMiB);
        return quantities;
    }
}
