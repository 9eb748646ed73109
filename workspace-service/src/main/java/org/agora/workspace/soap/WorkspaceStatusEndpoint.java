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

    private String site = "local";

    /** The site name written into usage records (APEL SiteName, the UR record ids). */
    public WorkspaceStatusEndpoint site(String siteName) {
        this.site = siteName;
        return this;
    }

    @Override
    public org.agora.contract.workspace.GetUsageRecordsResponse getUsageRecords(
            org.agora.contract.workspace.GetUsageRecords request)
            throws org.agora.contract.workspace.InvalidWorkspaceRequestFault, NotAuthorizedFault {
        String format = request == null || request.getFormat() == null ? "" : request.getFormat().strip().toLowerCase();
        if (!format.equals("ur") && !format.equals("apel")) {
            throw WorkspaceFaults.invalidRequest("Format", "ur or apel", "Format '" + format + "' is not an "
                    + "accounting format this service writes; ask for ur (OGF Usage Record 1.0) or apel (APEL cloud)");
        }
        java.time.Instant from = request.getFrom() == null ? java.time.Instant.EPOCH
                : request.getFrom().toGregorianCalendar().toInstant();
        java.time.Instant to = request.getTo() == null ? java.time.Instant.now().plusSeconds(1)
                : request.getTo().toGregorianCalendar().toInstant();
        try {
            var records = manager.usageRecords(calls.caller(context), from, to);
            var response = new org.agora.contract.workspace.GetUsageRecordsResponse();
            response.setCount(records.size());
            response.setRecords(format.equals("ur")
                    ? org.agora.workspace.accounting.OgfUsageRecords.write(records, site)
                    : org.agora.workspace.accounting.ApelCloudRecords.write(records, site, "agora"));
            return response;
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

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
