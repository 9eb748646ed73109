package org.agora.workspace.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import java.time.Clock;
import java.util.List;
import org.agora.contract.workspace.GroupLifecycleResponse;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.Pause;
import org.agora.contract.workspace.Reboot;
import org.agora.contract.workspace.Shutdown;
import org.agora.contract.workspace.Start;
import org.agora.contract.workspace.WorkspaceGroup;
import org.agora.contract.wsrf.lifetime.Destroy;
import org.agora.contract.wsrf.lifetime.DestroyResponse;
import org.agora.contract.wsrf.lifetime.ResourceNotDestroyedFault;
import org.agora.contract.wsrf.lifetime.ResourceNotDestroyedFaultType;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocument;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocumentResponse;
import org.agora.contract.wsrf.resource.ResourceUnavailableFault;
import org.agora.contract.wsrf.resource.ResourceUnknownFault;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.lifecycle.MemberOutcome;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.lifecycle.WorkspaceNotFoundException;
import org.agora.workspace.model.LifecycleAction;

/**
 * WorkspaceGroup port: the group made by one CreateGroup, named by the GroupKey header of its EPR.
 * Each operation is applied to every live member; the answer gives each member's outcome.
 */
@WebService(endpointInterface = "org.agora.contract.workspace.WorkspaceGroup",
        serviceName = "WorkspaceService", portName = "WorkspaceGroupPort",
        targetNamespace = ContractTranslator.NS, wsdlLocation = "classpath:wsdl/workspace.wsdl")
public class WorkspaceGroupEndpoint implements WorkspaceGroup {
    private final WorkspaceManager manager;
    private final ContractTranslator translator;
    private final CallContext calls;
    private final Clock clock;

    @Resource
    private WebServiceContext context;

    public WorkspaceGroupEndpoint(WorkspaceManager manager, String workspaceAddress, CallContext calls, Clock clock) {
        this.manager = manager;
        this.translator = new ContractTranslator(workspaceAddress);
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public GetResourcePropertyDocumentResponse getResourcePropertyDocument(GetResourcePropertyDocument request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault {
        try {
            GetResourcePropertyDocumentResponse response = new GetResourcePropertyDocumentResponse();
            response.setAny(translator.groupProperties(manager.group(caller(), key()), clock.instant()));
            return response;
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    @Override
    public GroupLifecycleResponse start(Start request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.START);
    }

    @Override
    public GroupLifecycleResponse shutdown(Shutdown request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.SHUTDOWN);
    }

    @Override
    public GroupLifecycleResponse pause(Pause request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.PAUSE);
    }

    @Override
    public GroupLifecycleResponse reboot(Reboot request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.REBOOT);
    }

    @Override
    public DestroyResponse destroy(Destroy request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault, ResourceNotDestroyedFault {
        try {
            List<MemberOutcome> outcomes = manager.destroyGroup(caller(), key());
            List<String> problems = outcomes.stream().filter(o -> o.problem() != null)
                    .map(o -> o.workspaceId() + ": " + o.problem()).toList();
            if (!problems.isEmpty()) {
                String m = "the group's workspaces are cancelled, but " + problems.size() + " could not be removed "
                        + "from their nodes yet (they will be at reconciliation): " + String.join("; ", problems);
                throw new ResourceNotDestroyedFault(m, WorkspaceFaults.fill(new ResourceNotDestroyedFaultType(),
                        "ResourceNotDestroyed", m));
            }
            return new DestroyResponse();
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    private GroupLifecycleResponse lifecycle(LifecycleAction action) throws ResourceUnknownFault, NotAuthorizedFault {
        try {
            return ContractTranslator.outcomes(manager.controlGroup(caller(), key(), action));
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    private org.agora.security.identity.GridIdentity caller() throws NotAuthorizedFault {
        return calls.callerOrFault(context);
    }

    private String key() throws ResourceUnknownFault {
        return CallContext.requiredKey(context, ContractTranslator.GROUP_KEY, "group");
    }
}
