package org.agora.adapter.node;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.agora.adapter.hypervisor.DomainAction;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.liveness.DomainEventLog;
import org.agora.adapter.service.AppliedCpuWeight;
import org.agora.adapter.service.ConsoleTail;
import org.agora.adapter.service.DomainReport;
import org.agora.adapter.service.Networks;
import org.agora.adapter.service.NodeDescription;
import org.agora.adapter.service.NodeServiceException;
import org.agora.adapter.service.SavedDisk;
import org.agora.adapter.service.WorkspaceSpec;
import org.agora.contract.node.CapacityType;
import org.agora.contract.node.ControlDomainResponse;
import org.agora.contract.node.CpuWeightType;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DescribeNodeResponse;
import org.agora.contract.node.DomainActionType;
import org.agora.contract.node.DomainEventType;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.DomainStatusType;
import org.agora.contract.node.GetConsoleResponse;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.NodeFaultType;
import org.agora.contract.node.WatchDomainsResponse;

/**
 * The node contract's generated types to the node service's terms and back, and the service's
 * refusals to the contract's fault. Values the contract requires but its generated readers box
 * (so a request can leave them out) are refused here by name.
 */
final class NodeTranslator {
    private NodeTranslator() {
    }

    static WorkspaceSpec spec(DeployWorkspace request) throws NodeFault {
        DomainSpecType spec = request == null ? null : request.getSpec();
        if (spec == null || spec.getWorkspaceId() == null || spec.getWorkspaceId().isBlank()) {
            throw fault("the deploy request has no Spec/WorkspaceId");
        }
        int vcpus = required(spec.getVcpus(), "Spec/Vcpus");
        int memoryMiB = required(spec.getMemoryMiB(), "Spec/MemoryMiB");
        int diskMiB = required(spec.getDiskMiB(), "Spec/DiskMiB");
        return new WorkspaceSpec(spec.getWorkspaceId(), spec.getOwner(), spec.getImage(), spec.getImageSha256(), vcpus,
                memoryMiB, diskMiB, spec.getArch(), spec.getKernel(), spec.getInitrd(), spec.getKernelArgs(),
                spec.getNic().stream().map(n -> new Networks.Request(n.getNetwork(), n.getMac(), n.getIp())).toList(),
                spec.getCpuWeight() == null ? 0 : spec.getCpuWeight(), Boolean.TRUE.equals(spec.isStartPaused()),
                Boolean.TRUE.equals(spec.isDefineOnly()), spec.getName(), request.getUserData());
    }

    /** The action of a control request other than ShutdownSave. */
    static DomainAction action(DomainActionType action) {
        return DomainAction.valueOf(action.name());
    }

    static String requireId(String id) throws NodeFault {
        if (id == null || id.isBlank()) {
            throw fault("the request has no WorkspaceId");
        }
        return id.strip();
    }

    /**
     * A number the contract requires: the generated types box it, so a request that leaves it out
     * reads as null, which is refused by name rather than failing as our own error.
     */
    static <N extends Number> N required(N value, String field) throws NodeFault {
        if (value == null) {
            throw fault(field + " is missing; the node contract requires it");
        }
        return value;
    }

    static DomainStatusType status(DomainStatus s) {
        DomainStatusType t = new DomainStatusType();
        t.setWorkspaceId(s.workspaceId());
        t.setDomainName(s.domainName());
        t.setState(DomainStateType.valueOf(s.state().name()));
        t.setCpuSeconds(s.cpuSeconds() < 0 ? null : s.cpuSeconds());
        return t;
    }

    static DomainStatusType status(DomainReport report) {
        DomainStatusType t = status(report.status());
        t.setReady(report.ready());
        return t;
    }

    static ControlDomainResponse controlled(DomainStatus status) {
        ControlDomainResponse response = new ControlDomainResponse();
        response.setStatus(status(status));
        return response;
    }

    static ControlDomainResponse saved(SavedDisk saved) {
        ControlDomainResponse response = controlled(saved.status());
        response.setSavedImage(saved.image());
        return response;
    }

    static CpuWeightType applied(AppliedCpuWeight applied) {
        CpuWeightType t = new CpuWeightType();
        t.setWorkspaceId(applied.workspaceId());
        t.setWeight(applied.weight());
        t.setCapPercent(applied.capPercent());
        return t;
    }

    static DescribeNodeResponse described(NodeDescription node) {
        DescribeNodeResponse response = new DescribeNodeResponse();
        response.setNodeName(node.facts().hostName());
        response.setLibvirtUri(node.facts().libvirtUri());
        response.setHypervisor(node.facts().hypervisorType());
        response.setArch(node.facts().arch());
        CapacityType capacity = new CapacityType();
        capacity.setVcpus(node.vcpus());
        capacity.setMemoryMiB(node.memoryMiB());
        capacity.setDiskMiB(node.diskMiB());
        response.setCapacity(capacity);
        for (NodeDescription.Domain d : node.domains()) {
            DomainStatusType t = status(d.status());
            t.setRequestedCpuWeight(d.requestedCpuWeight());
            t.setCpuWeight(d.cpuWeight());
            response.getDomain().add(t);
        }
        return response;
    }

    static GetConsoleResponse console(ConsoleTail tail) {
        GetConsoleResponse response = new GetConsoleResponse();
        response.setText(tail.text());
        response.setTruncated(tail.truncated());
        response.setSize(tail.size());
        return response;
    }

    static WatchDomainsResponse events(DomainEventLog.Batch batch) {
        WatchDomainsResponse response = new WatchDomainsResponse();
        response.setEpoch(batch.epoch());
        response.setLastSequence(batch.lastSequence());
        for (DomainEventLog.Event e : batch.events()) {
            DomainEventType t = new DomainEventType();
            t.setSequence(e.sequence());
            t.setTime(xmlTime(e.time()));
            t.setWorkspaceId(e.workspaceId());
            t.setState(DomainStateType.valueOf(e.state().name()));
            t.setCause(e.cause());
            response.getEvent().add(t);
        }
        return response;
    }

    private static XMLGregorianCalendar xmlTime(Instant t) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(t.atZone(ZoneOffset.UTC)));
    }

    /** The contract's fault for a refusal or failure of the service: its message is the fault's reason. */
    static NodeFault fault(NodeServiceException e) {
        return fault(e.getMessage());
    }

    static NodeFault fault(String reason) {
        NodeFaultType info = new NodeFaultType();
        info.setReason(reason);
        info.getDescription().add(reason);
        info.setTimestamp(DatatypeFactory.newDefaultInstance()
                .newXMLGregorianCalendar(new GregorianCalendar(TimeZone.getTimeZone("UTC"))));
        return new NodeFault(reason, info);
    }
}
