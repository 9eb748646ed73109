package org.agora.workspace.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.WebServiceContext;
import java.time.Clock;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.agora.contract.workspace.IllegalStateTransitionFault;
import org.agora.contract.workspace.LifecycleResponse;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.Pause;
import org.agora.contract.workspace.Reboot;
import org.agora.contract.workspace.Shutdown;
import org.agora.contract.workspace.Start;
import org.agora.contract.workspace.Workspace;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.wsrf.lifetime.Destroy;
import org.agora.contract.wsrf.lifetime.DestroyResponse;
import org.agora.contract.wsrf.lifetime.ResourceNotDestroyedFault;
import org.agora.contract.wsrf.lifetime.SetTerminationTime;
import org.agora.contract.wsrf.lifetime.SetTerminationTimeResponse;
import org.agora.contract.wsrf.lifetime.TerminationTimeChangeRejectedFault;
import org.agora.contract.wsrf.lifetime.UnableToSetTerminationTimeFault;
import org.agora.contract.wsrf.properties.GetMultipleResourceProperties;
import org.agora.contract.wsrf.properties.GetMultipleResourcePropertiesResponse;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocument;
import org.agora.contract.wsrf.properties.InvalidQueryExpressionFault;
import org.agora.contract.wsrf.properties.QueryEvaluationErrorFault;
import org.agora.contract.wsrf.properties.QueryExpressionType;
import org.agora.contract.wsrf.properties.QueryResourceProperties;
import org.agora.contract.wsrf.properties.QueryResourcePropertiesResponse;
import org.agora.contract.wsrf.properties.UnknownQueryExpressionDialectFault;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocumentResponse;
import org.agora.contract.wsrf.properties.GetResourcePropertyResponse;
import org.agora.contract.wsrf.properties.InvalidResourcePropertyQNameFault;
import org.agora.contract.wsrf.resource.ResourceUnavailableFault;
import org.agora.contract.wsrf.resource.ResourceUnknownFault;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.lifecycle.DestroyFailedException;
import org.agora.workspace.lifecycle.IllegalStateTransitionException;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.model.LifecycleAction;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.lifecycle.TerminationTimeRejectedException;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.lifecycle.WorkspaceNotFoundException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Workspace port: the WS-Resource of one workspace, named by the WorkspaceKey header of its EPR.
 * Offers its resource-property document (WS-ResourceProperties) and immediate destruction
 * (WS-ResourceLifetime).
 */
@WebService(endpointInterface = "org.agora.contract.workspace.Workspace",
        serviceName = "WorkspaceService", portName = "WorkspacePort",
        targetNamespace = ContractTranslator.NS, wsdlLocation = "classpath:wsdl/workspace.wsdl")
public class WorkspaceEndpoint implements Workspace {
    private final CallContext calls;
    private static final JAXBContext PROPERTIES_CONTEXT;

    static {
        try {
            PROPERTIES_CONTEXT = JAXBContext.newInstance(WorkspaceProperties.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkspaceManager manager;
    private final ContractTranslator translator;
    private final Clock clock;

    @Resource
    private WebServiceContext context;

    public WorkspaceEndpoint(WorkspaceManager manager, String workspaceAddress, Clock clock, CallContext calls) {
        this.calls = calls;
        this.manager = manager;
        this.translator = new ContractTranslator(workspaceAddress);
        this.clock = clock;
    }

    @Override
    public GetResourcePropertyDocumentResponse getResourcePropertyDocument(GetResourcePropertyDocument request)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault {
        GetResourcePropertyDocumentResponse response = new GetResourcePropertyDocumentResponse();
        response.setAny(translator.properties(addressed(), clock.instant()));
        return response;
    }

    @Override
    public GetResourcePropertyResponse getResourceProperty(QName name)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault, InvalidResourcePropertyQNameFault {
        if (name == null) {
            throw WorkspaceFaults.invalidProperty("GetResourceProperty names no property; give the QName of a child "
                    + "of WorkspaceProperties, e.g. ws:State");
        }
        Element document = asElement(translator.properties(addressed(), clock.instant()));
        GetResourcePropertyResponse response = new GetResourcePropertyResponse();
        response.getAny().addAll(declared(document, name));
        return response;
    }

    private static List<Element> declared(Element document, QName name) throws InvalidResourcePropertyQNameFault {
        List<Element> found = PropertyQueries.select(document, name);
        if (found.isEmpty() && !OPTIONAL_PROPERTIES.contains(name)) {
            throw WorkspaceFaults.invalidProperty(name + " is not a resource property of a workspace; see the "
                    + "WorkspaceProperties element in the service's WSDL for the ones there are");
        }
        return found;
    }

    @Override
    public GetMultipleResourcePropertiesResponse getMultipleResourceProperties(GetMultipleResourceProperties request)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault, InvalidResourcePropertyQNameFault {
        if (request == null || request.getResourceProperty().isEmpty()) {
            throw WorkspaceFaults.invalidProperty("GetMultipleResourceProperties names no property; give one or more "
                    + "QNames of children of WorkspaceProperties, e.g. ws:State and ws:Node");
        }
        Element document = asElement(translator.properties(addressed(), clock.instant()));
        GetMultipleResourcePropertiesResponse response = new GetMultipleResourcePropertiesResponse();
        for (QName name : request.getResourceProperty()) {
            response.getAny().addAll(declared(document, name));
        }
        return response;
    }

    @Override
    public QueryResourcePropertiesResponse queryResourceProperties(QueryResourceProperties request)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault,
            UnknownQueryExpressionDialectFault, InvalidQueryExpressionFault, QueryEvaluationErrorFault {
        QueryExpressionType query = request == null ? null : request.getQueryExpression();
        String expression = query == null ? null : query.getContent().stream()
                .filter(String.class::isInstance).map(String.class::cast).reduce("", String::concat);
        Element document = asElement(translator.properties(addressed(), clock.instant()));
        try {
            QueryResourcePropertiesResponse response = new QueryResourcePropertiesResponse();
            response.getContent().addAll(PropertyQueries.query(document, query == null ? null : query.getDialect(),
                    expression));
            return response;
        } catch (PropertyQueries.QueryException e) {
            Exception fault = WorkspaceFaults.queryFault(e);
            if (fault instanceof UnknownQueryExpressionDialectFault f) {
                throw f;
            }
            if (fault instanceof InvalidQueryExpressionFault f) {
                throw f;
            }
            throw (QueryEvaluationErrorFault) fault;
        }
    }

    /** Properties that may be absent from a document (no value yet) yet are valid to ask for. */
    private static final java.util.Set<QName> OPTIONAL_PROPERTIES = java.util.Set.of(
            new QName(ContractTranslator.NS, "StateCause"), new QName(ContractTranslator.NS, "Node"));

    @Override
    public LifecycleResponse start(Start request) throws ResourceUnknownFault, ResourceUnavailableFault,
            IllegalStateTransitionFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.START);
    }

    @Override
    public LifecycleResponse shutdown(Shutdown request) throws ResourceUnknownFault, ResourceUnavailableFault,
            IllegalStateTransitionFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.SHUTDOWN);
    }

    @Override
    public LifecycleResponse pause(Pause request) throws ResourceUnknownFault, ResourceUnavailableFault,
            IllegalStateTransitionFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.PAUSE);
    }

    @Override
    public LifecycleResponse reboot(Reboot request) throws ResourceUnknownFault, ResourceUnavailableFault,
            IllegalStateTransitionFault, NotAuthorizedFault {
        return lifecycle(LifecycleAction.REBOOT);
    }

    private LifecycleResponse lifecycle(LifecycleAction action) throws ResourceUnknownFault, ResourceUnavailableFault,
            IllegalStateTransitionFault, NotAuthorizedFault {
        try {
            LifecycleResponse response = new LifecycleResponse();
            response.setState(ContractTranslator.state(manager.control(caller(), key(), action).state()));
            return response;
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        } catch (IllegalStateTransitionException e) {
            throw WorkspaceFaults.illegalTransition(e);
        } catch (NodeUnavailableException e) {
            throw WorkspaceFaults.unavailable(e.getMessage());
        }
    }

    @Override
    public DestroyResponse destroy(Destroy request)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault, ResourceNotDestroyedFault {
        try {
            manager.destroy(caller(), key());
            return new DestroyResponse();
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (DestroyFailedException e) {
            throw WorkspaceFaults.notDestroyed(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    @Override
    public SetTerminationTimeResponse setTerminationTime(SetTerminationTime request)
            throws TerminationTimeChangeRejectedFault, UnableToSetTerminationTimeFault, NotAuthorizedFault,
            ResourceUnavailableFault, ResourceUnknownFault {
        java.time.Instant now = clock.instant();
        java.time.Instant requested;
        if (request != null && request.getRequestedLifetimeDuration() != null) {
            requested = now.plusMillis(request.getRequestedLifetimeDuration().getTimeInMillis(new java.util.Date(
                    now.toEpochMilli())));
        } else if (request != null && request.getRequestedTerminationTime() != null
                && !request.getRequestedTerminationTime().isNil()
                && request.getRequestedTerminationTime().getValue() != null) {
            requested = request.getRequestedTerminationTime().getValue().toGregorianCalendar().toInstant();
        } else if (request != null && request.getRequestedTerminationTime() != null) {
            throw WorkspaceFaults.terminationRejected("an unlimited lifetime (nil RequestedTerminationTime) is not "
                    + "offered; request a time within the site's maximum");
        } else {
            throw WorkspaceFaults.unableToSetTermination("the request names neither RequestedTerminationTime nor "
                    + "RequestedLifetimeDuration");
        }
        try {
            org.agora.workspace.model.Workspace moved = manager.setTerminationTime(caller(), key(), requested);
            SetTerminationTimeResponse response = new SetTerminationTimeResponse();
            response.setNewTerminationTime(WorkspaceFaults.calendar(moved.terminationTime()));
            response.setCurrentTime(WorkspaceFaults.calendar(now));
            return response;
        } catch (TerminationTimeRejectedException e) {
            throw WorkspaceFaults.terminationRejected(e.getMessage());
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    private org.agora.workspace.model.Workspace addressed() throws NotAuthorizedFault, ResourceUnknownFault {
        try {
            return manager.get(caller(), key());
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    private GridIdentity caller() throws NotAuthorizedFault {
        try {
            return calls.caller(context);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    private String key() throws ResourceUnknownFault {
        String key = CallContext.workspaceKey(context);
        if (key == null || key.isEmpty()) {
            throw WorkspaceFaults.unknown("the call names no workspace: send the ws:WorkspaceKey reference "
                    + "parameter from the workspace's EPR as a SOAP header");
        }
        return key;
    }

    private static Element asElement(WorkspaceProperties properties) {
        try {
            Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
            PROPERTIES_CONTEXT.createMarshaller().marshal(properties, doc);
            return doc.getDocumentElement();
        } catch (JAXBException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("cannot render the resource-property document", e);
        }
    }
}
