package org.agora.workspace.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.accounting.UsageRecord;
import org.agora.workspace.model.InvalidRequestException;
import org.agora.workspace.model.LifecycleAction;
import org.agora.workspace.model.StateChange;
import org.agora.workspace.model.Usage;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;

/**
 * What the service's endpoints ask of the workspace lifecycle, on behalf of grid identities, in one
 * place: each call is handed to the part that does it ({@link Provisioning} creates,
 * {@link LifecycleControl} acts on one workspace, {@link Groups} on a group, {@link UsageRecorder}
 * reports use). The parts are built and wired once by the composition root, before any endpoint
 * is published.
 */
public final class WorkspaceManager {
    private final Admission admission;
    private final WorkspaceRepository repository;
    private final Provisioning provisioning;
    private final LifecycleControl control;
    private final Groups groups;
    private final UsageRecorder usage;

    public WorkspaceManager(Admission admission, WorkspaceRepository repository, Provisioning provisioning,
                            LifecycleControl control, Groups groups, UsageRecorder usage) {
        this.admission = admission;
        this.repository = repository;
        this.provisioning = provisioning;
        this.control = control;
        this.groups = groups;
        this.usage = usage;
    }

    /** See {@link Provisioning#create}. */
    public Workspace create(GridIdentity caller, WorkspaceRequest request)
            throws InvalidRequestException, NoCapacityException, NotAuthorizedException {
        return provisioning.create(caller, request);
    }

    /** See {@link Provisioning#createGroup}. */
    public Group createGroup(GridIdentity caller, WorkspaceRequest request, int count)
            throws InvalidRequestException, NoCapacityException, NotAuthorizedException {
        return provisioning.createGroup(caller, request, count);
    }

    /** The workspace, if the caller owns it (or is an admin) and it has not ended. */
    public Workspace get(GridIdentity caller, String id) throws WorkspaceNotFoundException, NotAuthorizedException {
        return admission.owned(caller, id);
    }

    /** The caller's workspaces that have not ended. */
    public List<Workspace> list(GridIdentity caller) throws NotAuthorizedException {
        admission.admit(caller);
        return repository.listLive(caller.dn());
    }

    /** The recorded state changes of a workspace the caller may see. */
    public List<StateChange> history(GridIdentity caller, String id)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        admission.owned(caller, id);
        return repository.history(id);
    }

    /** See {@link LifecycleControl#control}. */
    public Workspace control(GridIdentity caller, String id, LifecycleAction action)
            throws WorkspaceNotFoundException, NotAuthorizedException, IllegalStateTransitionException,
            NodeUnavailableException {
        return control.control(caller, id, action);
    }

    /** See {@link LifecycleControl#shutdownSave}. */
    public SavedImage shutdownSave(GridIdentity caller, String id, String imageName) throws WorkspaceNotFoundException,
            NotAuthorizedException, IllegalStateTransitionException, NodeUnavailableException, InvalidRequestException {
        return control.shutdownSave(caller, id, imageName);
    }

    /** See {@link LifecycleControl#console}. */
    public NodeGateway.Console console(GridIdentity caller, String id, Integer maxBytes)
            throws WorkspaceNotFoundException, NotAuthorizedException, NodeUnavailableException,
            InvalidRequestException {
        return control.console(caller, id, maxBytes);
    }

    /** See {@link LifecycleControl#nodeView}. */
    public Optional<NodeGateway.GuestView> nodeView(Workspace w) {
        return control.nodeView(w);
    }

    /** See {@link LifecycleControl#setTerminationTime}. */
    public Workspace setTerminationTime(GridIdentity caller, String id, Instant requested)
            throws WorkspaceNotFoundException, NotAuthorizedException, TerminationTimeRejectedException {
        return control.setTerminationTime(caller, id, requested);
    }

    /** See {@link LifecycleControl#destroy}. */
    public void destroy(GridIdentity caller, String id)
            throws WorkspaceNotFoundException, NotAuthorizedException, DestroyFailedException {
        control.destroy(caller, id);
    }

    /** See {@link Groups#group}. */
    public Group group(GridIdentity caller, String groupId) throws WorkspaceNotFoundException, NotAuthorizedException {
        return groups.group(caller, groupId);
    }

    /** See {@link Groups#controlGroup}. */
    public List<MemberOutcome> controlGroup(GridIdentity caller, String groupId, LifecycleAction action)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        return groups.controlGroup(caller, groupId, action);
    }

    /** See {@link Groups#destroyGroup}. */
    public List<MemberOutcome> destroyGroup(GridIdentity caller, String groupId)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        return groups.destroyGroup(caller, groupId);
    }

    /** See {@link UsageRecorder#usage}. */
    public Usage usage(GridIdentity caller) throws NotAuthorizedException {
        return usage.usage(caller);
    }

    /** See {@link UsageRecorder#usageRecords}. */
    public List<UsageRecord> usageRecords(GridIdentity caller, Instant from, Instant to) throws NotAuthorizedException {
        return usage.usageRecords(caller, from, to);
    }
}
