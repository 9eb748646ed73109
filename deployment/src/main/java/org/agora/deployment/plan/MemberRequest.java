package org.agora.deployment.plan;

import java.util.Optional;
import java.util.Set;
import org.agora.deployment.components.ChildDeathPolicy;
import org.agora.deployment.components.DomainSpec;
import org.agora.deployment.components.StorageSpec;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.reference.LateBinding;
import org.agora.deployment.reference.LateBindingException;
import org.agora.deployment.reference.RunTimeAttributes;

/**
 * What the workspace service is asked for one domain of a deployment: the domain and its disk, the
 * domains that must be Ready before it is created, the group whose members must sit on distinct nodes
 * (the nearest compound with {@code spread = true}), what its parent does when it dies, and its
 * user-data, resolved once the domains it refers to are running.
 */
public record MemberRequest(ComponentPath path, DomainSpec domain, Optional<StorageSpec> storage,
                            Set<ComponentPath> waitsForReady, Optional<ComponentPath> spreadGroup,
                            ChildDeathPolicy onDeath, int maxRestarts, Optional<LateBinding> lateUserData) {

    public MemberRequest {
        waitsForReady = Set.copyOf(waitsForReady);
    }

    /** The domain as it is deployed: user-data with every run-time reference replaced. */
    public DomainSpec domain(RunTimeAttributes known) throws LateBindingException {
        return lateUserData.isPresent() ? domain.withUserData(lateUserData.get().resolve(known)) : domain;
    }
}
