package org.agora.workspace.soap;

import jakarta.xml.ws.wsaddressing.W3CEndpointReference;
import jakarta.xml.ws.wsaddressing.W3CEndpointReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.DeploymentRequestType;
import org.agora.contract.workspace.InvalidWorkspaceRequestFault;
import org.agora.contract.workspace.ResourceAllocationType;
import org.agora.contract.workspace.WorkspaceMetadataType;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.contract.wsrf.lifetime.CurrentTime;
import org.agora.contract.wsrf.lifetime.TerminationTime;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceRequest;
import org.agora.workspace.model.WorkspaceState;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Generated contract types in, core records out, and back. The only place that knows both.
 */
final class ContractTranslator {
    static final String NS = "http://agora-grid.org/namespaces/2026/11/workspace";
    static final QName WORKSPACE_KEY = new QName(NS, "WorkspaceKey");

    private final String workspaceAddress;

    /** @param workspaceAddress the public URL of the Workspace port, written into every EPR */
    ContractTranslator(String workspaceAddress) {
        this.workspaceAddress = workspaceAddress;
    }

    /** The request as the core sees it; structural gaps (missing sections) are refused here. */
    WorkspaceRequest request(Create create) throws InvalidWorkspaceRequestFault {
        WorkspaceMetadataType metadata = require(create.getMetadata(), "Metadata");
        ResourceAllocationType allocation = require(create.getResourceAllocation(), "ResourceAllocation");
        DeploymentRequestType deployment = require(create.getDeploymentRequest(), "DeploymentRequest");
        Duration duration = null;
        if (deployment.getDuration() != null) {
            // xs:duration may hold months/years; convert against now so "P1M" means a calendar month.
            long millis = deployment.getDuration().getTimeInMillis(new java.util.Date());
            duration = Duration.ofMillis(millis);
        }
        WorkspaceState initial = deployment.getInitialState() == null ? null
                : WorkspaceState.valueOf(deployment.getInitialState().name());
        return new WorkspaceRequest(metadata.getName(), metadata.getImage(), metadata.getImageSha256(),
                allocation.getVcpus(), allocation.getMemoryMiB(),
                allocation.getDiskMiB() == null ? 0 : allocation.getDiskMiB(), duration, initial);
    }

    WorkspaceProperties properties(Workspace w, Instant now) {
        WorkspaceProperties p = new WorkspaceProperties();
        p.setWorkspaceId(w.id());
        p.setName(w.name());
        p.setOwner(w.owner());
        p.setState(state(w.state()));
        p.setStateCause(w.stateCause());
        p.setImage(w.image());
        p.setVcpus(w.vcpus());
        p.setMemoryMiB(w.memoryMiB());
        p.setDiskMiB(w.diskMiB());
        p.setNode(w.node());
        p.setCreationTime(WorkspaceFaults.calendar(w.createdAt()));
        CurrentTime current = new CurrentTime();
        current.setValue(WorkspaceFaults.calendar(now));
        p.setCurrentTime(current);
        TerminationTime termination = new TerminationTime();
        termination.setValue(WorkspaceFaults.calendar(w.terminationTime()));
        p.setTerminationTime(termination);
        return p;
    }

    WorkspaceSummaryType summary(Workspace w) {
        WorkspaceSummaryType s = new WorkspaceSummaryType();
        s.setWorkspaceReference(reference(w.id()));
        s.setWorkspaceId(w.id());
        s.setName(w.name());
        s.setState(state(w.state()));
        s.setImage(w.image());
        s.setNode(w.node());
        s.setTerminationTime(WorkspaceFaults.calendar(w.terminationTime()));
        return s;
    }

    static WorkspaceStateType state(WorkspaceState s) {
        return WorkspaceStateType.fromValue(s.contractName());
    }

    /** The EPR of a workspace: the Workspace port's address plus the key as a reference parameter. */
    W3CEndpointReference reference(String workspaceId) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser available", e);
        }
        Element key = doc.createElementNS(NS, "ws:WorkspaceKey");
        key.setTextContent(workspaceId);
        return new W3CEndpointReferenceBuilder().address(workspaceAddress).referenceParameter(key).build();
    }

    private static <T> T require(T section, String name) throws InvalidWorkspaceRequestFault {
        if (section == null) {
            throw WorkspaceFaults.invalidRequest(name, "a " + name + " element", "the request has no " + name
                    + " element; see the Create element in the service's WSDL");
        }
        return section;
    }
}
