package org.agora.deployment.kind;

import java.util.Map;

/**
 * What a kind read from a component's attributes: typed, defaults filled in, checked. Each kind has
 * its own record; the plan hands them to whatever deploys the kind.
 */
public interface ComponentSpec {

    /**
     * The quantities a site may bound, by attribute name, in the unit the site's limits use
     * (whole numbers: vcpus, MiB). Empty when the kind asks nothing of the site.
     */
    default Map<String, Long> quantities() {
        return Map.of();
    }
}
