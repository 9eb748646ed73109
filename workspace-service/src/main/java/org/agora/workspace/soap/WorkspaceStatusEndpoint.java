package org.agora.workspace.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import org.agora.contract.workspace.ListWorkspaces;
import org.agora.contract.workspace.ListWorkspacesResponse;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.WorkspaceStatus;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.lifecycle.WorkspaceManager;

/** WorkspaceStatus port: the caller's own workspaces. */
@WebService(endpointInterface = "org.agora.contract.workspace.WorkspaceStatus",
        serviceName = "WorkspaceService", portName = "WorkspaceStatusPort",
        targetNamespace = ContractTranslator.NS, wsdlLocation = "classpath:wsdl/workspace.wsdl")
public class WorkspaceStatusEndpoint implements WorkspaceStatus {
    private final CallContext calls;
    private final WorkspaceManager manager;
    private final ContractTranslator translator;

    @Resource
    private WebServiceContext context;

    public WorkspaceStatusEndpoint(WorkspaceManager manager, String workspaceAddress, CallContext calls) {
        this.calls = calls;
        this.manager = manager;
        this.translator = new ContractTranslator(workspaceAddress);
    }

    @Override
    public ListWorkspacesResponse listWorkspaces(ListWorkspaces request) throws NotAuthorizedFault {
        try {
            ListWorkspacesResponse response = new ListWorkspacesResponse();
            manager.list(calls.caller(context)).forEach(w -> response.getWorkspace().add(translator.summary(w)));
            return response;
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    @Override
    public org.agora.contract.workspace.GetUsageResponse getUsage(org.agora.contract.workspace.GetUsage request)
            throws NotAuthorizedFault {
        try {
            var usage = manager.usage(calls.caller(context));
            var response = new org.agora.contract.workspace.GetUsageResponse();
            response.setUsedMinutes(usage.used().toMinutes());
            response.setReservedMinutes(usage.reserved().toMinutes());
            response.setWorkspaces(usage.workspaces());
            response.setLiveWorkspaces(usage.live());
            return response;
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }
}
