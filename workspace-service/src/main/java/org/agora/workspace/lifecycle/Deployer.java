package org.agora.workspace.lifecycle;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives workspaces onto their nodes and off them again, on a pool of deployment threads, and
 * records the state each reached with its cause. A deployment that finds its workspace cancelled
 * when the node answers removes what the node made: nothing is left half-created.
 */
public final class Deployer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

    private final WorkspaceRepository repository;
    private final NodeGateway nodes;
    private final ExecutorService pool;

    public Deployer(WorkspaceRepository repository, NodeGateway nodes, int threads) {
        this.repository = repository;
        this.nodes = nodes;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "workspace-deployment");
            t.setDaemon(true);
            return t;
        });
    }

    /** Deploys the stored workspace on its node, in the background. */
    public void deployLater(Workspace w) {
        pool.execute(() -> deploy(w));
    }

    /** Runs node work that may take long (a guest's shutdown grace) in the background. */
    public void later(Runnable work) {
        pool.execute(work);
    }

    private void deploy(Workspace w) {
        WorkspaceState reached;
        String cause;
        try {
            reached = nodes.deploy(w);
            cause = "domain " + reached.contractName().toLowerCase() + " on node " + w.node();
        } catch (NodeUnavailableException e) {
            if (e.unreachable()) {
                // The node never heard the request: nothing was made there. The workspace stays
                // Unpropagated and the next reconciliation deploys it once the node answers.
                LOG.warn("event=workspace.deploy_deferred workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                        e.getMessage());
                return;
            }
            failed(w, e);
            return;
        } catch (RuntimeException e) {
            failed(w, e);
            return;
        }
        Optional<Workspace> moved = moveOrFind(repository, w.id(), reached, cause);
        if (moved.isPresent()) {
            LOG.info("event=workspace.{} workspace={} node={}", reached.contractName().toLowerCase(), w.id(), w.node());
        } else {
            // Cancelled (or otherwise ended) while the node was working: undo what the node made.
            LOG.info("event=workspace.deploy_superseded workspace={} node={}", w.id(), w.node());
            removeFromNode(w);
        }
    }

    private void failed(Workspace w, Exception e) {
        LOG.warn("event=workspace.deploy_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(), e.getMessage());
        repository.transition(w.id(), WorkspaceState.CORRUPTED, "deployment failed: " + e.getMessage());
        removeFromNode(w);
    }

    /**
     * Removes the workspace's domain and storage from its node, keeping the CPU reading the node
     * returns for accounting; a node that cannot be reached is cleaned at its next reconciliation.
     */
    public void removeFromNode(Workspace w) {
        try {
            nodes.destroy(w.node(), w.id()).ifPresent(cpu -> repository.recordCpuSeconds(w.id(), cpu));
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.cleanup_failed workspace={} node={} reason=\"{}\"", w.id(), w.node(),
                    e.getMessage());
        }
    }

    /**
     * Moves the workspace to {@code target}, or returns it as it is when it already got there by
     * another path (the node's liveness report can record a change before the call that caused it
     * returns); empty when it has ended.
     */
    static Optional<Workspace> moveOrFind(WorkspaceRepository repository, String id, WorkspaceState target,
                                          String cause) {
        Optional<Workspace> moved = repository.transition(id, target, cause);
        return moved.isPresent() ? moved : repository.find(id).filter(w -> w.state() == target);
    }

    /** Waits up to 30 s for deployments in flight to finish; what is left resumes at reconciliation. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("event=workspace.shutdown deployments still running after 30 s; they resume at reconciliation");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
