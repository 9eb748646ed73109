package org.agora.workspace.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.model.LifecycleAction;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations on a group as a whole: each live member is acted on in turn, and a member that cannot
 * take the action is reported, not fatal to the rest.
 */
public final class Groups {
    private static final Logger LOG = LoggerFactory.getLogger(Groups.class);

    private final Admission admission;
    private final WorkspaceRepository repository;
    private final LifecycleControl control;

    public Groups(Admission admission, WorkspaceRepository repository, LifecycleControl control) {
        this.admission = admission;
        this.repository = repository;
        this.control = control;
    }

    /** The group, if the caller owns it (or is an admin); its members include ended ones. */
    public Group group(GridIdentity caller, String groupId) throws WorkspaceNotFoundException, NotAuthorizedException {
        String owner = admission.ownedGroup(caller, groupId);
        List<Workspace> members = repository.members(groupId);
        if (members.stream().allMatch(m -> m.state().isTerminal())) {
            throw new WorkspaceNotFoundException("group " + groupId + " has ended: all its workspaces are destroyed");
        }
        return new Group(groupId, owner, members);
    }

    /** Applies a lifecycle action to every live member; members that cannot take it are reported, not fatal. */
    public List<MemberOutcome> controlGroup(GridIdentity caller, String groupId, LifecycleAction action)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        Group g = group(caller, groupId);
        List<MemberOutcome> outcomes = new ArrayList<>();
        for (Workspace m : g.members()) {
            if (m.state().isTerminal()) {
                continue;
            }
            try {
                outcomes.add(new MemberOutcome(m.id(), control.control(caller, m.id(), action).state(), null));
            } catch (IllegalStateTransitionException | NodeUnavailableException | WorkspaceNotFoundException e) {
                WorkspaceState now = repository.find(m.id()).map(Workspace::state).orElse(m.state());
                outcomes.add(new MemberOutcome(m.id(), now, e.getMessage()));
            }
        }
        return outcomes;
    }

    /** Destroys every live member of the group; members whose node could not be reached are reported. */
    public List<MemberOutcome> destroyGroup(GridIdentity caller, String groupId)
            throws WorkspaceNotFoundException, NotAuthorizedException {
        Group g = group(caller, groupId);
        List<MemberOutcome> outcomes = new ArrayList<>();
        for (Workspace m : g.members()) {
            if (m.state().isTerminal()) {
                continue;
            }
            try {
                control.destroy(caller, m.id());
                outcomes.add(new MemberOutcome(m.id(), WorkspaceState.CANCELLED, null));
            } catch (DestroyFailedException | WorkspaceNotFoundException e) {
                outcomes.add(new MemberOutcome(m.id(), WorkspaceState.CANCELLED, e.getMessage()));
            }
        }
        LOG.info("event=group.destroyed group={} members={} by=\"{}\"", groupId, outcomes.size(), caller.dn());
        return outcomes;
    }
}
