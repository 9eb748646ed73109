package org.agora.workspace.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import java.time.Clock;
import java.util.List;
import javax.xml.namespace.QName;
import org.agora.contract.workspace.IllegalStateTransitionFault;
import org.agora.contract.workspace.InvalidWorkspaceRequestFault;
import org.agora.contract.workspace.ShutdownSave;
import org.agora.contract.workspace.ShutdownSaveResponse;
import org.agora.contract.wsn.InvalidFilterFault;
import org.agora.contract.wsn.InvalidTopicExpressionFault;
import org.agora.contract.wsn.Subscribe;
import org.agora.contract.wsn.SubscribeCreationFailedFault;
import org.agora.contract.wsn.SubscribeResponse;
import org.agora.contract.wsn.TopicExpressionDialectUnknownFault;
import org.agora.contract.wsn.TopicNotSupportedFault;
import org.agora.contract.wsn.UnacceptableInitialTerminationTimeFault;
import org.agora.workspace.model.Subscription;
import org.agora.workspace.notification.SubscriptionManager.SubscriptionRefusedException;
import org.agora.workspace.model.Topic;
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
import org.agora.workspace.lifecycle.SavedImage;
import org.agora.workspace.lifecycle.DestroyFailedException;
import org.agora.workspace.lifecycle.IllegalStateTransitionException;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.model.LifecycleAction;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.lifecycle.TerminationTimeRejectedException;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.lifecycle.WorkspaceNotFoundException;
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

    private final WorkspaceManager manager;
    private final ContractTranslator translator;
    private final Clock clock;

    @Resource
    private WebServiceContext context;

    private final org.agora.workspace.notification.SubscriptionManager subscriptions;
    private final String subscriptionManagerAddress;

    /**
     * @param subscriptions where Subscribe records subscriptions
     * @param subscriptionManagerAddress the public URL of the SubscriptionManager port
     */
    public WorkspaceEndpoint(WorkspaceManager manager, String workspaceAddress, Clock clock, CallContext calls,
                             org.agora.workspace.notification.SubscriptionManager subscriptions,
                             String subscriptionManagerAddress) {
        this.subscriptions = subscriptions;
        this.subscriptionManagerAddress = subscriptionManagerAddress;
        this.calls = calls;
        this.manager = manager;
        this.translator = new ContractTranslator(workspaceAddress);
        this.clock = clock;
    }

    @Override
    public GetResourcePropertyDocumentResponse getResourcePropertyDocument(GetResourcePropertyDocument request)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault {
        GetResourcePropertyDocumentResponse response = new GetResourcePropertyDocumentResponse();
        response.setAny(document(false));
        return response;
    }

    @Override
    public GetResourcePropertyResponse getResourceProperty(QName name)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault, InvalidResourcePropertyQNameFault {
        if (name == null) {
            throw WorkspaceFaults.invalidProperty("GetResourceProperty names no property; give the QName of a child "
                    + "of WorkspaceProperties, e.g. ws:State");
        }
        WorkspaceProperties document = document(CPU_SECONDS.equals(name) || READY.equals(name));
        GetResourcePropertyResponse response = new GetResourcePropertyResponse();
        response.getAny().addAll(PropertyElements.declared(document, name));
        return response;
    }

    @Override
    public GetMultipleResourcePropertiesResponse getMultipleResourceProperties(GetMultipleResourceProperties request)
            throws NotAuthorizedFault, ResourceUnavailableFault, ResourceUnknownFault, InvalidResourcePropertyQNameFault {
        if (request == null || request.getResourceProperty().isEmpty()) {
            throw WorkspaceFaults.invalidProperty("GetMultipleResourceProperties names no property; give one or more "
                    + "QNames of children of WorkspaceProperties, e.g. ws:State and ws:Node");
        }
        WorkspaceProperties document = document(request.getResourceProperty().contains(CPU_SECONDS)
                || request.getResourceProperty().contains(READY));
        GetMultipleResourcePropertiesResponse response = new GetMultipleResourcePropertiesResponse();
        for (QName name : request.getResourceProperty()) {
            response.getAny().addAll(PropertyElements.declared(document, name));
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
        Element document = PropertyElements.asElement(document(expressionNamesCpu(expression)));
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
            requested = now.plusMillis(org.agora.contract.lexical.XsDuration.millis(
                    request.getRequestedLifetimeDuration(), now));
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

    @Override
    public ShutdownSaveResponse shutdownSave(ShutdownSave request) throws ResourceUnknownFault,
            ResourceUnavailableFault, IllegalStateTransitionFault, NotAuthorizedFault, InvalidWorkspaceRequestFault {
        try {
            SavedImage saved = manager.shutdownSave(caller(), key(),
                    request == null ? null : request.getSavedImage());
            ShutdownSaveResponse response = new ShutdownSaveResponse();
            response.setState(ContractTranslator.state(saved.workspace().state()));
            response.setSavedImage(saved.image());
            return response;
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        } catch (IllegalStateTransitionException e) {
            throw WorkspaceFaults.illegalTransition(e);
        } catch (NodeUnavailableException e) {
            throw WorkspaceFaults.unavailable(e.getMessage());
        } catch (org.agora.workspace.model.InvalidRequestException e) {
            throw WorkspaceFaults.invalidRequest(e);
        }
    }

    @Override
    public org.agora.contract.workspace.GetConsoleResponse getConsole(org.agora.contract.workspace.GetConsole request)
            throws ResourceUnknownFault, ResourceUnavailableFault, NotAuthorizedFault, InvalidWorkspaceRequestFault {
        try {
            org.agora.workspace.node.NodeGateway.Console console = manager.console(caller(), key(),
                    request == null ? null : request.getMaxBytes());
            var response = new org.agora.contract.workspace.GetConsoleResponse();
            response.setText(console.text());
            response.setTruncated(console.truncated());
            response.setSize(console.size());
            return response;
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        } catch (NodeUnavailableException e) {
            throw WorkspaceFaults.unavailable(e.getMessage());
        } catch (org.agora.workspace.model.InvalidRequestException e) {
            throw WorkspaceFaults.invalidRequest(e);
        }
    }

    @Override
    public SubscribeResponse subscribe(Subscribe request) throws TopicExpressionDialectUnknownFault,
            TopicNotSupportedFault, InvalidFilterFault, InvalidTopicExpressionFault,
            UnacceptableInitialTerminationTimeFault, NotAuthorizedFault, SubscribeCreationFailedFault,
            ResourceUnknownFault {
        java.time.Instant now = clock.instant();
        if (request == null || request.getConsumerReference() == null) {
            throw NotificationFaults.creationFailed("Subscribe names no ConsumerReference: give the EPR of the "
                    + "NotificationConsumer that is to receive the notifications");
        }
        String address = ConsumerReferences.address(request.getConsumerReference());
        String consumer = ConsumerReferences.toXml(request.getConsumerReference());
        Topic topic = ConsumerReferences.topic(request.getFilter());
        java.time.Instant requested;
        try {
            var initial = request.getInitialTerminationTime();
            requested = initial == null || initial.isNil() ? null : NotificationTimes.parse(initial.getValue(), now);
        } catch (IllegalArgumentException e) {
            throw NotificationFaults.unacceptableInitial("InitialTerminationTime " + e.getMessage(), now,
                    subscriptions.latest());
        }
        try {
            Subscription s = subscriptions.subscribe(caller(), key(), address, consumer, topic, requested);
            SubscribeResponse response = new SubscribeResponse();
            response.setSubscriptionReference(ContractTranslator.reference(subscriptionManagerAddress,
                    ContractTranslator.SUBSCRIPTION_KEY, s.id()));
            response.setCurrentTime(WorkspaceFaults.calendar(now));
            response.setTerminationTime(WorkspaceFaults.calendar(s.terminationTime()));
            return response;
        } catch (WorkspaceNotFoundException e) {
            throw WorkspaceFaults.unknown(e);
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        } catch (SubscriptionRefusedException e) {
            if (e.minimum() != null) {
                throw NotificationFaults.unacceptableInitial(e.getMessage(), e.minimum(), e.maximum());
            }
            throw NotificationFaults.creationFailed(e.getMessage());
        }
    }

    private static final QName CPU_SECONDS = new QName(ContractTranslator.NS, "CpuSeconds");
    private static final QName READY = new QName(ContractTranslator.NS, "Ready");

    private static boolean expressionNamesCpu(String expression) {
        return expression != null && (expression.contains("CpuSeconds") || expression.contains("Ready"));
    }

    /**
     * The workspace's property document. CpuSeconds and Ready cost a call to the node, so they are filled in only
     * when the caller names it (GetResourceProperty, GetMultipleResourceProperties, or a query that
     * mentions it), not for every status poll.
     */
    private WorkspaceProperties document(boolean fromNode) throws NotAuthorizedFault, ResourceUnknownFault {
        org.agora.workspace.model.Workspace w = addressed();
        if (!fromNode) {
            return translator.properties(w, clock.instant(), null, null);
        }
        var view = manager.nodeView(w);
        return translator.properties(w, clock.instant(), view.map(v -> v.cpuSeconds()).orElse(null),
                view.map(v -> v.ready()).orElse(null));
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

    private org.agora.security.identity.GridIdentity caller() throws NotAuthorizedFault {
        return calls.callerOrFault(context);
    }

    private String key() throws ResourceUnknownFault {
        return CallContext.requiredKey(context, ContractTranslator.WORKSPACE_KEY, "workspace");
    }
}
