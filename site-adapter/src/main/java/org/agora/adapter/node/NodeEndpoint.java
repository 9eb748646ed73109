package org.agora.adapter.node;

import static org.agora.adapter.node.NodeTranslator.fault;
import static org.agora.adapter.node.NodeTranslator.required;
import static org.agora.adapter.node.NodeTranslator.requireId;

import jakarta.jws.WebService;
import org.agora.adapter.service.NodeService;
import org.agora.adapter.service.NodeServiceException;
import org.agora.contract.node.ControlDomain;
import org.agora.contract.node.ControlDomainResponse;
import org.agora.contract.node.CpuWeightType;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DeployWorkspaceResponse;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DescribeNodeResponse;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DestroyWorkspaceResponse;
import org.agora.contract.node.DomainActionType;
import org.agora.contract.node.GetConsole;
import org.agora.contract.node.GetConsoleResponse;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.node.GetDomainStateResponse;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.SetCpuWeights;
import org.agora.contract.node.SetCpuWeightsResponse;
import org.agora.contract.node.WatchDomains;
import org.agora.contract.node.WatchDomainsResponse;

/**
 * The node contract's port over the {@link NodeService}: each call is translated into the service's
 * terms, run, and translated back; a refusal becomes a NodeFault whose reason is the service's
 * message. Who may call is decided before a call gets here, by the transport the port is published on.
 */
@WebService(endpointInterface = "org.agora.contract.node.Node", serviceName = "NodeService", portName = "NodePort",
        targetNamespace = "http://agora-grid.org/namespaces/2026/11/node", wsdlLocation = "classpath:wsdl/node.wsdl")
public class NodeEndpoint implements Node {
    private final NodeService service;

    public NodeEndpoint(NodeService service) {
        this.service = service;
    }

    @Override
    public DeployWorkspaceResponse deployWorkspace(DeployWorkspace parameters) throws NodeFault {
        try {
            DeployWorkspaceResponse response = new DeployWorkspaceResponse();
            response.setStatus(NodeTranslator.status(service.deploy(NodeTranslator.spec(parameters))));
            return response;
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }

    @Override
    public DestroyWorkspaceResponse destroyWorkspace(DestroyWorkspace parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        try {
            DestroyWorkspaceResponse response = new DestroyWorkspaceResponse();
            response.setStatus(NodeTranslator.status(service.destroy(id)));
            return response;
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }

    @Override
    public ControlDomainResponse controlDomain(ControlDomain parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        if (parameters.getAction() == null) {
            throw fault("the control request names no Action; use Start, Shutdown, Pause, Resume or Reboot");
        }
        try {
            if (parameters.getAction() == DomainActionType.SHUTDOWN_SAVE) {
                return NodeTranslator.saved(service.shutdownSave(id, parameters.getSaveAs()));
            }
            return NodeTranslator.controlled(service.control(id, NodeTranslator.action(parameters.getAction()),
                    parameters.getGraceSeconds()));
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }

    /**
     * Applies the weights in the order given; a refused entry ends the call with a fault, leaving the
     * weights before it applied. A weight the hypervisor refuses is left out of the answer.
     */
    @Override
    public SetCpuWeightsResponse setCpuWeights(SetCpuWeights parameters) throws NodeFault {
        if (parameters == null || parameters.getWeight().isEmpty()) {
            throw fault("SetCpuWeights names no Weight");
        }
        SetCpuWeightsResponse response = new SetCpuWeightsResponse();
        for (CpuWeightType w : parameters.getWeight()) {
            String id = requireId(w.getWorkspaceId());
            int weight = required(w.getWeight(), "SetCpuWeights/Weight/Weight");
            try {
                service.setCpuWeight(id, weight, w.getCapPercent())
                        .ifPresent(applied -> response.getApplied().add(NodeTranslator.applied(applied)));
            } catch (NodeServiceException e) {
                throw fault(e);
            }
        }
        return response;
    }

    @Override
    public GetDomainStateResponse getDomainState(GetDomainState parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        try {
            GetDomainStateResponse response = new GetDomainStateResponse();
            response.setStatus(NodeTranslator.status(service.state(id)));
            return response;
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }

    @Override
    public DescribeNodeResponse describeNode(DescribeNode parameters) throws NodeFault {
        try {
            return NodeTranslator.described(service.describe());
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }

    @Override
    public GetConsoleResponse getConsole(GetConsole parameters) throws NodeFault {
        String id = requireId(parameters == null ? null : parameters.getWorkspaceId());
        int max = required(parameters.getMaxBytes(), "GetConsole/MaxBytes");
        try {
            return NodeTranslator.console(service.console(id, max));
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }

    @Override
    public WatchDomainsResponse watchDomains(WatchDomains parameters) throws NodeFault {
        if (parameters == null) {
            throw fault("WatchDomains needs AfterSequence and WaitSeconds");
        }
        int wait = required(parameters.getWaitSeconds(), "WatchDomains/WaitSeconds");
        long after = required(parameters.getAfterSequence(), "WatchDomains/AfterSequence");
        try {
            return NodeTranslator.events(service.watch(parameters.getEpoch(), after, wait));
        } catch (NodeServiceException e) {
            throw fault(e);
        }
    }
}
