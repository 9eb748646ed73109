package org.agora.adapter.node;

import jakarta.jws.WebService;
import java.nio.file.Path;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainStatus;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.NodeFacts;
import org.agora.adapter.storage.StorageBackend;
import org.agora.adapter.storage.StorageException;
import org.agora.adapter.hypervisor.DomainAction;
import org.agora.contract.node.CapacityType;
import org.agora.contract.node.ControlDomain;
import org.agora.contract.node.ControlDomainResponse;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DeployWorkspaceResponse;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DescribeNodeResponse;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DestroyWorkspaceResponse;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.DomainStatusType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.node.GetDomainStateResponse;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.NodeFaultType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node service. Deploy prepares storage then boots the domain, and undoes the storage if the
 * boot fails; destroy removes the domain then the storage. Both are idempotent, so the workspace
 * service may retry after a lost reply.
 */
@WebService(endpointInterface = "org.agora.contract.node.Node", serviceName = "NodeService", portName = "NodePort",
        targetNamespace = "http://agora-grid.org/namespaces/2026/11/node", wsdlLocation = "classpath:wsdl/node.wsdl")
public class NodeEndpoint implements Node {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEndpoint.class);

    private final Hypervisor hypervisor;
    private final StorageBackend storage;
    private final Capacity advertised;

    /** Capacity to advertise; zero fields mean "what the hypervisor reports". */
    public record Capacity(int vcpus, long memoryMiB, long diskMiB) {
    }

    public NodeEndpoint(Hypervisor hypervisor, StorageBackend storage, Capacity advertised) {
        this.hypervisor = hypervisor;
        this.storage = storage;
        this.advertised = advertised;
    }

    @Override
    public DeployWorkspaceResponse deployWorkspace(DeployWorkspace parameters) throws NodeFault {
        DomainSpecType spec = parameters == null ? null : parameters.getSpec();
        checkSpec(spec);
        String id = spec.getWorkspaceId();
        long started = System.nanoTime();
        try {
            DomainStatus existing = hypervisor.status(id);
            if (existing.state() != org.agora.adapter.hypervisor.DomainState.ABSENT) {
                LOG.info("event=domain.deploy_repeated workspace={} state={}", id, existing.state());
                return deployed(existing);
            }
            Path disk = storage.prepare(id, spec.getImage(), spec.getDiskMiB());
            DomainStatus status;
            try {
                status = hypervisor.boot(new DomainDefinition(id, spec.getOwner(), spec.getImage(), spec.getVcpus(),
                        spec.getMemoryMiB(), disk, spec.getDiskMiB(), Boolean.TRUE.equals(spec.isStartPaused())));
            } catch (HypervisorException bootFailed) {
                storage.release(id);
                throw bootFailed;
            }
            LOG.info("event=domain.started workspace={} domain={} state={} vcpus={} memory_mib={} millis={}", id,
                    status.domainName(), status.state(), spec.getVcpus(), spec.getMemoryMiB(),
                    (System.nanoTime() - started) / 1_000_000);
            return deployed(status);
        } catch (HypervisorException | StorageException e) {
            LOG.warn("event=domain.deploy_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw fault("deploying workspace " + id + " failed: " + e.getMessage());
        }
    }

    private static void checkSpec(DomainSpecType spec) throws NodeFault {
        if (spec == null || spec.getWorkspaceId() == null || spec.getWorkspaceId().isBlank()) {
            throw fault("the deploy request has no Spec/WorkspaceId");
        }
        if (spec.getVcpus() < 1) {
            throw fault("Spec/Vcpus is " + spec.getVcpus() + "; a domain needs at least 1 virtual CPU");
        }
        if (spec.getMemoryMiB() < 1) {
            throw fault("Spec/MemoryMiB is " + spec.getMemoryMiB() + "; a domain needs memory");
        }
        if (spec.getDiskMiB() < 1) {
            throw fault("Spec/DiskMiB is " + spec.getDiskMiB() + "; a domain needs a root disk");
        }
    }

    private static DeployWorkspaceResponse deployed(DomainStatus status) {
        DeployWorkspaceResponse response = new DeployWorkspaceResponse();
        response.setStatus(contract(status));
        return response;
    }

    @Override
    public DestroyWorkspaceResponse destroyWorkspace(DestroyWorkspace parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        try {
            hypervisor.destroy(id);
            storage.release(id);
            int remaining = hypervisor.agoraDomains().size();
            LOG.info("event=domain.undefined workspace={} agora_domains={}", id, remaining);
            DestroyWorkspaceResponse response = new DestroyWorkspaceResponse();
            response.setStatus(contract(DomainStatus.absent(id)));
            return response;
        } catch (HypervisorException | StorageException e) {
            LOG.warn("event=domain.destroy_failed workspace={} reason=\"{}\"", id, e.getMessage());
            throw fault("destroying workspace " + id + " failed: " + e.getMessage());
        }
    }

    @Override
    public ControlDomainResponse controlDomain(ControlDomain parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        if (parameters.getAction() == null) {
            throw fault("the control request names no Action; use Start, Shutdown, Pause, Resume or Reboot");
        }
        DomainAction action = DomainAction.valueOf(parameters.getAction().name());
        try {
            DomainStatus status = hypervisor.control(id, action);
            LOG.info("event=domain.{} workspace={} state={}", action.name().toLowerCase(), id, status.state());
            ControlDomainResponse response = new ControlDomainResponse();
            response.setStatus(contract(status));
            return response;
        } catch (HypervisorException e) {
            LOG.warn("event=domain.control_failed workspace={} action={} reason=\"{}\"", id, action, e.getMessage());
            throw fault(e.getMessage());
        }
    }

    @Override
    public GetDomainStateResponse getDomainState(GetDomainState parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        try {
            GetDomainStateResponse response = new GetDomainStateResponse();
            response.setStatus(contract(hypervisor.status(id)));
            return response;
        } catch (HypervisorException e) {
            throw fault(e.getMessage());
        }
    }

    @Override
    public DescribeNodeResponse describeNode(DescribeNode parameters) throws NodeFault {
        try {
            NodeFacts facts = hypervisor.facts();
            DescribeNodeResponse response = new DescribeNodeResponse();
            response.setNodeName(facts.hostName());
            response.setLibvirtUri(facts.libvirtUri());
            response.setHypervisor(facts.hypervisorType());
            response.setArch(facts.arch());
            CapacityType capacity = new CapacityType();
            capacity.setVcpus(advertised.vcpus() > 0 ? advertised.vcpus() : facts.vcpus());
            capacity.setMemoryMiB(advertised.memoryMiB() > 0 ? advertised.memoryMiB() : facts.memoryMiB());
            capacity.setDiskMiB(advertised.diskMiB());
            response.setCapacity(capacity);
            List<DomainStatus> domains = hypervisor.agoraDomains();
            domains.forEach(d -> response.getDomain().add(contract(d)));
            return response;
        } catch (HypervisorException e) {
            throw fault(e.getMessage());
        }
    }

    private static String requireId(String id) throws NodeFault {
        if (id == null || id.isBlank()) {
            throw fault("the request has no WorkspaceId");
        }
        return id.strip();
    }

    private static DomainStatusType contract(DomainStatus s) {
        DomainStatusType t = new DomainStatusType();
        t.setWorkspaceId(s.workspaceId());
        t.setDomainName(s.domainName());
        t.setState(DomainStateType.valueOf(s.state().name()));
        return t;
    }

    static NodeFault fault(String reason) {
        NodeFaultType info = new NodeFaultType();
        info.setReason(reason);
        info.getDescription().add(reason);
        try {
            info.setTimestamp(DatatypeFactory.newInstance()
                    .newXMLGregorianCalendar(new GregorianCalendar(TimeZone.getTimeZone("UTC"))));
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("the JDK has no XML datatype factory", e);
        }
        return new NodeFault(reason, info);
    }
}
