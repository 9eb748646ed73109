package org.agora.workspace.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.model.InvalidRequestException;
import org.agora.workspace.model.LifecycleAction;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.DomainAction;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an owner does to a workspace that exists: start, shut down, pause, reboot; save its disk;
 * read its console; move its termination time; destroy it. Each call checks ownership and the
 * workspace's state first, then asks the node, then records the state reached.
 */
public final class LifecycleControl {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleControl.class);

    /** The console output one call returns by default, and at most. */
    public static final int DEFAULT_CONSOLE_BYTES = 64 * 1024;
    public static final int MAX_CONSOLE_BYTES = 1024 * 1024;

    private static final Pattern SAVED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Admission admission;
    private final WorkspaceRepository repository;
    private final NodeGateway nodes;
    private final Clock clock;

    public LifecycleControl(Admission admission, WorkspaceRepository repository, NodeGateway nodes, Clock clock) {
        this.admission = admission;
        this.repository = repository;
        this.nodes = nodes;
        this.clock = clock;
    }

    /**
     * Starts, shuts down, pauses or reboots the workspace on its node and records the state it
     * reached. Refused, naming the states that allow it, when the workspace is in another.
     */
    public Workspace control(GridIdentity caller, String id, LifecycleAction action)
            throws WorkspaceNotFoundException, NotAuthorizedException, IllegalStateTransitionException,
            NodeUnavailableException {
        Workspace w = admission.owned(caller, id);
        if (!action.allowedIn(w.state())) {
            throw new IllegalStateTransitionException(w.state(), "workspace " + id + " is " + w.state().contractName()
                    + "; it can be asked to " + action.name().toLowerCase() + " only when " + action.allowedStates());
        }
        for (DomainAction nodeAction : DomainAction.carrying(action, w.state())) {
            nodes.control(w.node(), id, nodeAction);
        }
        String cause = action.name().toLowerCase() + " at the request of " + caller.dn();
        Workspace after = action.target() == w.state() ? w
                : Deployer.moveOrFind(repository, id, action.target(), cause).orElseThrow(() ->
                        new WorkspaceNotFoundException("workspace " + id + " ended while it was being asked to "
                                + action.name().toLowerCase()));
        LOG.info("event=workspace.{} workspace={} node={} state={} by=\"{}\"", action.name().toLowerCase(), id,
                w.node(), after.state(), caller.dn());
        return after;
    }

    /**
     * Shuts the guest down and saves its disk into the node's image repository under
     * {@code imageName} (default: the image's name and the workspace id). The workspace stays,
     * Shutdown, until it is destroyed or reaches its termination time.
     */
    public SavedImage shutdownSave(GridIdentity caller, String id, String imageName) throws WorkspaceNotFoundException,
            NotAuthorizedException, IllegalStateTransitionException, NodeUnavailableException, InvalidRequestException {
        Workspace w = admission.owned(caller, id);
        Set<WorkspaceState> allowed = EnumSet.of(WorkspaceState.RUNNING, WorkspaceState.PAUSED, WorkspaceState.SHUTDOWN);
        if (!allowed.contains(w.state())) {
            throw new IllegalStateTransitionException(w.state(), "workspace " + id + " is " + w.state().contractName()
                    + "; its disk can be saved only when it is Running, Paused or Shutdown");
        }
        String name = imageName == null || imageName.isBlank() ? savedImageName(w) : imageName.strip();
        if (!SAVED_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("SavedImage", "letters, digits and . _ -, up to 128",
                    "SavedImage '" + name + "' is not a name an image can be saved under");
        }
        String saved = nodes.shutdownSave(w.node(), id, name);
        Workspace after = w.state() == WorkspaceState.SHUTDOWN ? w : repository.transition(id, WorkspaceState.SHUTDOWN,
                "shut down and saved as image " + saved + " at the request of " + caller.dn()).orElse(w);
        LOG.info("event=workspace.saved workspace={} node={} image={} by=\"{}\"", id, w.node(), saved, caller.dn());
        return new SavedImage(after, saved);
    }

    /** The name a workspace's disk is saved under when its owner names none: the image's name and the id. */
    static String savedImageName(Workspace w) {
        String base = w.image().replaceAll(".*/", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return (base.isEmpty() ? "image" : base) + "-" + w.id();
    }

    /**
     * The end of the workspace's serial console, for its owner (or an admin).
     *
     * @throws InvalidRequestException when {@code maxBytes} is out of range, or the workspace has no
     *         domain yet (Unpropagated)
     */
    public NodeGateway.Console console(GridIdentity caller, String id, Integer maxBytes)
            throws WorkspaceNotFoundException, NotAuthorizedException, NodeUnavailableException,
            InvalidRequestException {
        Workspace w = admission.owned(caller, id);
        int max = maxBytes == null ? DEFAULT_CONSOLE_BYTES : maxBytes;
        if (max < 1 || max > MAX_CONSOLE_BYTES) {
            throw new InvalidRequestException("MaxBytes", "1.." + MAX_CONSOLE_BYTES,
                    "MaxBytes is " + max + "; ask for 1 to " + MAX_CONSOLE_BYTES + " bytes of console output");
        }
        if (w.state() == WorkspaceState.UNPROPAGATED) {
            throw new InvalidRequestException("Workspace", "a deployed workspace", "workspace " + id
                    + " is not deployed on its node yet, so it has no console; wait until it is Running");
        }
        return nodes.console(w.node(), id, max);
    }

    /** The node's view of the workspace's guest (CPU time, readiness); empty when it cannot be asked. */
    public Optional<NodeGateway.GuestView> nodeView(Workspace w) {
        if (w.node() == null || w.state() == WorkspaceState.UNPROPAGATED || w.state().isTerminal()) {
            return Optional.empty();
        }
        try {
            return Optional.of(nodes.guestView(w.node(), w.id()));
        } catch (NodeUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * Moves the workspace's termination time, earlier or later, within the site's maximum lifetime
     * counted from its creation.
     */
    public Workspace setTerminationTime(GridIdentity caller, String id, Instant requested)
            throws WorkspaceNotFoundException, NotAuthorizedException, TerminationTimeRejectedException {
        Workspace w = admission.owned(caller, id);
        Instant now = clock.instant();
        if (!requested.isAfter(now)) {
            throw new TerminationTimeRejectedException("the requested termination time " + requested
                    + " is not in the future; to end workspace " + id + " now, destroy it");
        }
        Duration max = admission.limits().maxDuration();
        Instant latest = w.createdAt().plus(max);
        if (requested.isAfter(latest)) {
            throw new TerminationTimeRejectedException("the requested termination time " + requested
                    + " exceeds this site's maximum lifetime of " + inWords(max)
                    + " from creation: workspace " + id + " may live until "
                    + latest.truncatedTo(ChronoUnit.SECONDS) + " at most");
        }
        Workspace moved = repository.setTerminationTime(id, requested)
                .orElseThrow(() -> new WorkspaceNotFoundException("workspace " + id + " has already ended"));
        LOG.info("event=workspace.termination_set workspace={} from={} to={} by=\"{}\"", id, w.terminationTime(),
                requested, caller.dn());
        return moved;
    }

    /** "7 days", "12 hours", "90 minutes": how people state lifetimes. */
    static String inWords(Duration d) {
        if (d.toHours() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toMinutes() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + " minutes";
    }

    /**
     * Cancels the workspace and removes its domain and storage from its node. The workspace is
     * marked Cancelled before the node is told, so a deployment still in flight sees the
     * cancellation when it finishes and removes what it made.
     *
     * @throws DestroyFailedException when the node could not remove the domain; the workspace is
     *         cancelled regardless and the node is cleaned when it is next reconciled
     */
    public void destroy(GridIdentity caller, String id)
            throws WorkspaceNotFoundException, NotAuthorizedException, DestroyFailedException {
        Workspace w = admission.owned(caller, id);
        Optional<Workspace> cancelled = repository.transition(id, WorkspaceState.CANCELLED,
                "destroyed at the request of " + caller.dn());
        if (cancelled.isEmpty()) {
            throw new WorkspaceNotFoundException("workspace " + id + " has already ended");
        }
        LOG.info("event=workspace.cancelled workspace={} by=\"{}\" node={}", id, caller.dn(), w.node());
        try {
            nodes.destroy(w.node(), id).ifPresent(cpu -> repository.recordCpuSeconds(id, cpu));
        } catch (NodeUnavailableException e) {
            LOG.warn("event=workspace.destroy_failed workspace={} node={} reason=\"{}\"", id, w.node(), e.getMessage());
            throw new DestroyFailedException("workspace " + id + " is cancelled, but " + e.getMessage()
                    + "; its domain will be removed when the node is next reconciled");
        }
    }
}
