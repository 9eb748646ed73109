package org.agora.workspace.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;

/**
 * Everything the workspace core asks of the nodes it places workspaces on, in the core's own
 * terms. Nodes are known by name; every call that reaches a node throws
 * {@link NodeUnavailableException} when the node cannot be reached or refuses, with a message that
 * names the node and the workspace, and says via {@link NodeUnavailableException#unreachable()}
 * whether the node heard the request at all.
 *
 * <p>Implementations must be safe for concurrent use: deployments, the lifetime sweep,
 * reconciliation and one liveness watch per node call in from their own threads.
 */
public interface NodeGateway {

    /** The nodes registered, in the order placement sees them. */
    List<String> names();

    /** What the node advertises it can hold; empty while it cannot be reached. */
    Optional<NodeCapacity> capacity(String node);

    /**
     * Prepares and starts the workspace's domain on its node ({@link Workspace#node()}) and returns
     * the state to record: RUNNING, PAUSED or PROPAGATED, as the node reports it. A workspace with
     * {@link Workspace#userData()} gets it on a read-only NoCloud seed disk (label {@code cidata}),
     * made with its storage and removed with it. A node that fails
     * part-way leaves nothing the caller must know of beyond the domain id, which
     * {@link #destroy} removes.
     */
    WorkspaceState deploy(Workspace workspace) throws NodeUnavailableException;

    /**
     * Stops and removes the workspace's domain and storage (fine if already gone); returns the CPU
     * seconds the guest had used when it was removed, if the node could tell.
     */
    Optional<Double> destroy(String node, String workspaceId) throws NodeUnavailableException;

    /** The workspace ids of every Agora domain the node has, running or not. */
    Set<String> domainsOn(String node) throws NodeUnavailableException;

    /** Starts, shuts down, pauses, resumes or reboots the workspace's domain. */
    void control(String node, String workspaceId, DomainAction action) throws NodeUnavailableException;

    /** Asks the guest to shut down and waits up to {@code grace} for it to power off; the node forces it off after. */
    void shutdownGracefully(String node, String workspaceId, Duration grace) throws NodeUnavailableException;

    /**
     * The workspace state the node's domain amounts to: RUNNING, PAUSED, PROPAGATED (defined, not
     * running), SHUTDOWN (shutting down), CORRUPTED (crashed); empty when the node has no domain for it.
     */
    Optional<WorkspaceState> observedState(String node, String workspaceId) throws NodeUnavailableException;

    /**
     * Waits up to {@code waitSeconds} for the node to report domain changes after
     * {@code afterSequence} of {@code epoch} (null: none yet). A different epoch in the answer means
     * the node's adapter restarted and events may have been lost.
     */
    DomainEvents watch(String node, String epoch, long afterSequence, int waitSeconds) throws NodeUnavailableException;

    /** At most {@code maxBytes} from the end of the workspace's serial console log. */
    Console console(String node, String workspaceId, int maxBytes) throws NodeUnavailableException;

    /** The node's view of the workspace's guest beyond its state, in one call. */
    GuestView guestView(String node, String workspaceId) throws NodeUnavailableException;

    /** CPU seconds the workspace's domain has used, as the node's hypervisor counts them; empty if unknown. */
    Optional<Double> cpuSeconds(String node, String workspaceId) throws NodeUnavailableException;

    /**
     * Shuts the guest down and saves its disk into the node's image repository as {@code imageName};
     * returns the name the node saved it under.
     */
    String shutdownSave(String node, String workspaceId, String imageName) throws NodeUnavailableException;

    /**
     * Sets the CPU weights and, for the workspaces in {@code capsPercent}, hard caps (percent of one
     * CPU); returns the weights applied by workspace id (workspaces without a domain there are left
     * out). A node whose hypervisor has no caps applies the weights alone.
     */
    Map<String, Integer> setCpuWeights(String node, Map<String, Integer> weights, Map<String, Integer> capsPercent)
            throws NodeUnavailableException;

    /** The end of a workspace's serial console log as the node holds it. */
    record Console(String text, boolean truncated, long size) {
    }

    /** What the node says of a workspace's guest beyond its state: CPU time used, readiness (null: unknown). */
    record GuestView(Double cpuSeconds, Boolean ready) {
    }
}
