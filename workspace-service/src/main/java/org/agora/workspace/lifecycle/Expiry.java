package org.agora.workspace.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends workspaces whose termination time has passed, as their shutdown mechanism says: Normal gives
 * the guest its grace to shut down, Save keeps its disk as an image, Trash removes it at once.
 */
public final class Expiry {
    private static final Logger LOG = LoggerFactory.getLogger(Expiry.class);

    private final WorkspaceRepository repository;
    private final NodeGateway nodes;
    private final Deployer deployer;
    private final Duration shutdownGrace;
    private final Clock clock;

    /** @param shutdownGrace how long a guest is given to shut down (Normal) before it is forced off */
    public Expiry(WorkspaceRepository repository, NodeGateway nodes, Deployer deployer, Duration shutdownGrace,
                  Clock clock) {
        this.repository = repository;
        this.nodes = nodes;
        this.deployer = deployer;
        this.shutdownGrace = shutdownGrace;
        this.clock = clock;
    }

    /**
     * Destroys every workspace whose termination time has passed, whoever calls. Each one is claimed
     * by its state change under a row lock, so services sharing a database never destroy it twice.
     *
     * @return how many this call destroyed
     */
    public int expire() {
        int destroyed = 0;
        for (Workspace w : repository.expired(clock.instant(), 100)) {
            Optional<Workspace> claimed = repository.transitionIf(w.id(),
                    current -> current.isTerminal() ? null : WorkspaceState.DESTROYED,
                    "reached its termination time " + w.terminationTime());
            if (claimed.isPresent()) {
                destroyed++;
                LOG.info("event=workspace.expired workspace={} node={} termination={} shutdown={}", w.id(), w.node(),
                        w.terminationTime(), w.shutdown());
                switch (w.shutdown()) {
                    case SAVE -> {
                        saveAtEnd(w);
                        deployer.removeFromNode(w);
                    }
                    // The guest gets its grace period on a deployment thread: the sweep goes on.
                    case NORMAL -> deployer.later(() -> {
                        shutDownAtEnd(w);
                        deployer.removeFromNode(w);
                    });
                    case TRASH -> deployer.removeFromNode(w);
                }
            }
        }
        return destroyed;
    }

    private void shutDownAtEnd(Workspace w) {
        if (w.state() != WorkspaceState.RUNNING && w.state() != WorkspaceState.PAUSED) {
            return;
        }
        long started = System.nanoTime();
        try {
            // An off domain reports no CPU time: accounting's reading is taken while the guest still runs.
            nodes.cpuSeconds(w.node(), w.id()).ifPresent(cpu -> repository.recordCpuSeconds(w.id(), cpu));
            nodes.shutdownGracefully(w.node(), w.id(), shutdownGrace);
            LOG.info("event=workspace.shut_down_at_end workspace={} node={} millis={}", w.id(), w.node(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.shutdown_at_end_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
    }

    private void saveAtEnd(Workspace w) {
        try {
            String saved = nodes.shutdownSave(w.node(), w.id(), LifecycleControl.savedImageName(w));
            LOG.info("event=workspace.saved_at_end workspace={} node={} image={}", w.id(), w.node(), saved);
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.save_at_end_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
    }
}
