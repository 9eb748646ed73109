package org.agora.workspace.soap;

import java.time.Duration;
import java.time.Instant;
import javax.xml.namespace.QName;
import java.util.List;
import org.agora.contract.lexical.XsDuration;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.CreateGroup;
import org.agora.contract.workspace.GroupLifecycleResponse;
import org.agora.contract.workspace.GroupProperties;
import org.agora.contract.workspace.HypervisorType;
import org.agora.contract.workspace.MemberOutcomeType;
import org.agora.contract.workspace.ShutdownMechanismType;
import org.agora.workspace.lifecycle.Group;
import org.agora.workspace.lifecycle.MemberOutcome;
import org.agora.workspace.model.Nic;
import org.agora.workspace.model.Platform;
import org.agora.workspace.model.ShutdownMechanism;
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

/**
 * Generated contract types in, core records out, and back. The only place that knows both.
 */
final class ContractTranslator {
    static final String NS = ResourceReferences.NS;
    static final QName WORKSPACE_KEY = ResourceReferences.WORKSPACE_KEY;
    static final QName GROUP_KEY = ResourceReferences.GROUP_KEY;
    static final QName SUBSCRIPTION_KEY = ResourceReferences.SUBSCRIPTION_KEY;
    static final String WSA = "http://www.w3.org/2005/08/addressing";

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
            duration = Duration.ofMillis(XsDuration.millis(deployment.getDuration(), Instant.now()));
        }
        WorkspaceState initial = deployment.getInitialState() == null ? null
                : WorkspaceState.valueOf(deployment.getInitialState().name());
        Platform platform = new Platform(
                metadata.getHypervisor() == null ? null : Platform.Hypervisor.fromContract(metadata.getHypervisor().value()),
                metadata.getArch(), blankToNull(metadata.getKernel()), blankToNull(metadata.getInitrd()),
                blankToNull(metadata.getKernelArgs()));
        List<Nic> nics = metadata.getNic().stream()
                .map(n -> new Nic(n.getNetwork() == null ? null : n.getNetwork().strip(), blankToNull(n.getMac()),
                        blankToNull(n.getIp())))
                .toList();
        ShutdownMechanism shutdown = deployment.getShutdownMechanism() == null ? null
                : ShutdownMechanism.fromContract(deployment.getShutdownMechanism().value());
        return new WorkspaceRequest(metadata.getName(), metadata.getImage(), metadata.getImageSha256(),
                require(allocation.getVcpus(), "ResourceAllocation/Vcpus"),
                require(allocation.getMemoryMiB(), "ResourceAllocation/MemoryMiB"),
                allocation.getDiskMiB() == null ? 0 : allocation.getDiskMiB(), duration, initial, platform, nics,
                allocation.getCpuWeight() == null ? 0 : allocation.getCpuWeight(), shutdown,
                create.getBid() == null ? null
                        : new WorkspaceRequest.Bid(create.getBid().getAmount(), blankToNull(create.getBid().getHost())),
                metadata.getUserData(), metadata.getGridJobId());
    }

    /** A group request is a Create request with a count. */
    WorkspaceRequest request(CreateGroup group) throws InvalidWorkspaceRequestFault {
        Create single = new Create();
        single.setMetadata(group.getMetadata());
        single.setResourceAllocation(group.getResourceAllocation());
        single.setDeploymentRequest(group.getDeploymentRequest());
        return request(single);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    WorkspaceProperties properties(Workspace w, Instant now) {
        return properties(w, now, null, null);
    }

    /**
     * @param cpuSeconds the guest's CPU time if it was asked of the node, else null
     * @param ready whether the guest is ready, if it was asked of the node, else null
     */
    WorkspaceProperties properties(Workspace w, Instant now, Double cpuSeconds, Boolean ready) {
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
        p.setHypervisor(w.platform().hypervisor() == null ? null
                : HypervisorType.fromValue(w.platform().hypervisor().contractName()));
        p.setArch(w.platform().arch());
        p.setCpuWeight(w.cpuWeight());
        p.setShutdownMechanism(ShutdownMechanismType.fromValue(w.shutdown().contractName()));
        p.setGroupId(w.groupId());
        p.setCpuSeconds(cpuSeconds);
        p.setReady(ready);
        p.setGridJobId(w.gridJobId());
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

    GroupProperties groupProperties(Group g, Instant now) {
        GroupProperties p = new GroupProperties();
        p.setGroupId(g.id());
        p.setOwner(g.owner());
        p.setSize(g.members().size());
        g.members().forEach(m -> p.getMember().add(summary(m)));
        CurrentTime current = new CurrentTime();
        current.setValue(WorkspaceFaults.calendar(now));
        p.setCurrentTime(current);
        TerminationTime termination = new TerminationTime();
        termination.setValue(WorkspaceFaults.calendar(g.terminationTime()));
        p.setTerminationTime(termination);
        return p;
    }

    static GroupLifecycleResponse outcomes(List<MemberOutcome> outcomes) {
        GroupLifecycleResponse response = new GroupLifecycleResponse();
        for (MemberOutcome o : outcomes) {
            MemberOutcomeType t = new MemberOutcomeType();
            t.setWorkspaceId(o.workspaceId());
            t.setState(state(o.state()));
            t.setProblem(o.problem());
            response.getMember().add(t);
        }
        return response;
    }

    static WorkspaceStateType state(WorkspaceState s) {
        return WorkspaceStateType.fromValue(s.contractName());
    }

    /** The EPR of a workspace: the Workspace port's address plus the key as a reference parameter. */
    EndpointReferenceType reference(String workspaceId) {
        return ResourceReferences.workspace(workspaceAddress, workspaceId);
    }

    /** An EPR naming one resource behind {@code address} by a key reference parameter. */
    static EndpointReferenceType reference(String address, QName keyName, String key) {
        return ResourceReferences.of(address, keyName, key);
    }

    private static <T> T require(T section, String name) throws InvalidWorkspaceRequestFault {
        if (section == null) {
            throw WorkspaceFaults.invalidRequest(name, "a " + name + " element", "the request has no " + name
                    + " element; see the Create element in the service's WSDL");
        }
        return section;
    }
}
