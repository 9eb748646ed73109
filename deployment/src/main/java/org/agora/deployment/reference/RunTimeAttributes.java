package org.agora.deployment.reference;

import java.util.Optional;
import org.agora.deployment.description.ComponentPath;

/**
 * What deployed components know about themselves (a domain's address, host name, node), as the
 * service reports it while it deploys; the plan asks it when it resolves run-time references.
 */
public interface RunTimeAttributes {

    Optional<String> value(ComponentPath component, String attribute);
}
