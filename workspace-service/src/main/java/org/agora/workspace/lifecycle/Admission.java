package org.agora.workspace.lifecycle;

import java.util.Set;
import org.agora.security.authz.AccessDeniedException;
import org.agora.security.authz.SiteAccessPolicy;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.model.InvalidRequestException;
import org.agora.workspace.model.RequestLimits;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.persistence.WorkspaceRepository;

/**
 * Who may do what: the site's admission policy (grid-mapfile, VOs) before anything else, then
 * ownership of a workspace or group (its creator, or a site admin), and the site's limits on what
 * a request may ask for.
 */
public final class Admission {
    /** The most workspaces one group may have. */
    public static final int MAX_GROUP = 256;

    private final SiteAccessPolicy access;
    private final Set<String> adminDns;
    private final RequestLimits limits;
    private final WorkspaceRepository repository;

    public Admission(SiteAccessPolicy access, Set<String> adminDns, RequestLimits limits,
                     WorkspaceRepository repository) {
        this.access = access;
        this.adminDns = Set.copyOf(adminDns);
        this.limits = limits;
        this.repository = repository;
    }

    /** The site's admission policy comes before any ownership question. */
    public void admit(GridIdentity caller) throws NotAuthorizedException {
        try {
            access.admit(caller);
        } catch (AccessDeniedException e) {
            throw new NotAuthorizedException(e.getMessage());
        }
    }

    /** Whether the caller is one of the site's admins, who may see and use every workspace. */
    public boolean isAdmin(GridIdentity caller) {
        return adminDns.contains(caller.dn());
    }

    /** The site's limits on a request. */
    public RequestLimits limits() {
        return limits;
    }

    /** Admits the caller and checks the request against the site's limits, filling in defaults. */
    public WorkspaceRequest admitRequest(GridIdentity caller, WorkspaceRequest request)
            throws NotAuthorizedException, InvalidRequestException {
        admit(caller);
        return limits.check(request);
    }

    /** Admits the caller and checks a group's size. */
    public WorkspaceRequest admitGroup(GridIdentity caller, WorkspaceRequest request, int count)
            throws NotAuthorizedException, InvalidRequestException {
        admit(caller);
        if (count < 1 || count > MAX_GROUP) {
            throw new InvalidRequestException("Count", "from 1 to " + MAX_GROUP,
                    "Count is " + count + "; a group has from 1 to " + MAX_GROUP + " workspaces");
        }
        return limits.check(request);
    }

    /** The workspace, if the caller owns it (or is an admin) and it has not ended. */
    public Workspace owned(GridIdentity caller, String id) throws WorkspaceNotFoundException, NotAuthorizedException {
        admit(caller);
        Workspace w = repository.find(id).filter(found -> !found.state().isTerminal())
                .orElseThrow(() -> new WorkspaceNotFoundException("no workspace " + id + " exists here"
                        + " (it may have been destroyed or reached its termination time)"));
        if (!w.owner().equals(caller.dn()) && !isAdmin(caller)) {
            throw new NotAuthorizedException("workspace " + id + " belongs to another user; " + caller.dn()
                    + " may not use it");
        }
        return w;
    }

    /** The group's owner, if the caller is it (or an admin). */
    public String ownedGroup(GridIdentity caller, String groupId) throws WorkspaceNotFoundException,
            NotAuthorizedException {
        admit(caller);
        String owner = repository.groupOwner(groupId).orElseThrow(() -> new WorkspaceNotFoundException(
                "no group " + groupId + " exists here"));
        if (!owner.equals(caller.dn()) && !isAdmin(caller)) {
            throw new NotAuthorizedException("group " + groupId + " belongs to another user; " + caller.dn()
                    + " may not use it");
        }
        return owner;
    }
}
