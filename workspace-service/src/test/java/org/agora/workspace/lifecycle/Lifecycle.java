package org.agora.workspace.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.agora.security.authz.SiteAccessPolicy;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.agora.workspace.placement.FirstFitPlacement;

/**
 * The lifecycle's parts wired as the server's composition root wires them, with the site's default
 * limits, first-fit placement, no market and every trusted identity admitted: for tests.
 */
record Lifecycle(WorkspaceManager manager, Reconciliation reconciliation, Expiry expiry, Deployer deployer)
        implements AutoCloseable {

    static Lifecycle wire(WorkspaceRepository repository, NodeGateway nodes, OrphanPolicy orphans, Clock clock) {
        Deployer deployer = new Deployer(repository, nodes, 2);
        Admission admission = new Admission(SiteAccessPolicy.ALL_TRUSTED, Set.of(), RequestLimits.defaults(),
                repository);
        LifecycleControl control = new LifecycleControl(admission, repository, nodes, clock);
        WorkspaceManager manager = new WorkspaceManager(admission, repository,
                new Provisioning(admission, repository, nodes, new FirstFitPlacement(), deployer, null, clock),
                control, new Groups(admission, repository, control),
                new UsageRecorder(admission, repository, nodes, null, clock));
        return new Lifecycle(manager, new Reconciliation(repository, nodes, deployer, orphans),
                new Expiry(repository, nodes, deployer, Duration.ofSeconds(60), clock), deployer);
    }

    @Override
    public void close() {
        deployer.close();
    }
}
