package org.agora.deployment.limits;

import java.util.Optional;

/**
 * What a site allows one component to ask for, per kind and attribute, in the units of
 * {@link org.agora.deployment.kind.ComponentSpec#quantities()} (vcpus, MiB). The workspace service
 * implements it over its request limits; an attribute with no range is unbounded.
 */
public interface SiteLimits {

    Optional<Range> range(String kind, String attribute);

    /** Inclusive bounds, and the unit a message names them in. */
    record Range(long least, long most, String unit) {
        public boolean contains(long value) {
            return value >= least && value <= most;
        }

        @Override
        public String toString() {
            return least + " to " + most + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    /** A site that bounds nothing (for tools that only check a description's form). */
    static SiteLimits none() {
        return (kind, attribute) -> Optional.empty();
    }
}
