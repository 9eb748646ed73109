package org.agora.workspace.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.CreateGroup;
import org.agora.contract.workspace.CreateGroupResponse;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.InvalidWorkspaceRequestFault;
import org.agora.contract.workspace.NoCapacityFault;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.WorkspaceFactory;
import org.agora.workspace.lifecycle.Group;
import org.agora.workspace.lifecycle.NoCapacityException;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.model.InvalidRequestException;
import org.agora.workspace.model.Workspace;

/** WorkspaceFactory port: creates a workspace and answers with its EPR at once. */
@WebService(endpointInterface = "org.agora.contract.workspace.WorkspaceFactory",
        serviceName = "WorkspaceService", portName = "WorkspaceFactoryPort",
        targetNamespace = ContractTranslator.NS, wsdlLocation = "classpath:wsdl/workspace.wsdl")
public class WorkspaceFactoryEndpoint implements WorkspaceFactory {
    private final CallContext calls;
    private final WorkspaceManager manager;
    private final ContractTranslator translator;

    @Resource
    private WebServiceContext context;

    private final String groupAddress;

    /** @param groupAddress the public URL of the WorkspaceGroup port, written into group EPRs */
    public WorkspaceFactoryEndpoint(WorkspaceManager manager, String workspaceAddress, String groupAddress,
                                    CallContext calls) {
        this.groupAddress = groupAddress;
        this.calls = calls;
        this.manager = manager;
        this.translator = new ContractTranslator(workspaceAddress);
    }

    @Override
    public CreateResponse create(Create request)
            throws InvalidWorkspaceRequestFault, NoCapacityFault, NotAuthorizedFault {
        try {
            Workspace w = manager.create(calls.caller(context), translator.request(request));
            CreateResponse response = new CreateResponse();
            response.setWorkspaceReference(translator.reference(w.id()));
            response.setWorkspaceId(w.id());
            response.setState(ContractTranslator.state(w.state()));
            response.setTerminationTime(WorkspaceFaults.calendar(w.terminationTime()));
            return response;
        } catch (InvalidRequestException e) {
            throw WorkspaceFaults.invalidRequest(e);
        } catch (NoCapacityException e) {
            throw WorkspaceFaults.noCapacity(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    @Override
    public CreateGroupResponse createGroup(CreateGroup request)
            throws InvalidWorkspaceRequestFault, NoCapacityFault, NotAuthorizedFault {
        try {
            if (request == null) {
                throw WorkspaceFaults.invalidRequest("CreateGroup", "a CreateGroup element", "the request is empty");
            }
            if (request.getCount() == null) {
                throw WorkspaceFaults.invalidRequest("Count", "a whole number of workspaces, e.g. 4",
                        "CreateGroup has no Count: say how many workspaces the group holds");
            }
            Group g = manager.createGroup(calls.caller(context), translator.request(request),
                    request.getCount());
            CreateGroupResponse response = new CreateGroupResponse();
            response.setGroupReference(ContractTranslator.reference(groupAddress, ContractTranslator.GROUP_KEY, g.id()));
            response.setGroupId(g.id());
            g.members().forEach(m -> response.getMember().add(translator.summary(m)));
            return response;
        } catch (InvalidRequestException e) {
            throw WorkspaceFaults.invalidRequest(e);
        } catch (NoCapacityException e) {
            throw WorkspaceFaults.noCapacity(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }
}
