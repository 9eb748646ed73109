package org.agora.client.workspace;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.ListWorkspaces;
import org.agora.contract.workspace.ListWorkspacesResponse;
import org.agora.contract.workspace.Workspace;
import org.agora.contract.workspace.WorkspaceFactory;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.workspace.WorkspaceService;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.workspace.WorkspaceStatus;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.contract.wsrf.lifetime.Destroy;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocument;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocumentResponse;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.client.ClientPorts;
import org.agora.transport.client.ServiceCallException;
import org.apache.cxf.headers.Header;
import org.w3c.dom.Element;

/**
 * A client of one Agora site's workspace service. Not for concurrent use: give each thread its own
 * (resource calls set per-call SOAP headers on shared ports).
 */
public final class WorkspaceClient implements AutoCloseable {
    private final String base;
    private final ClientPorts ports;
    /** The one-call path without CXF; null when messages are signed, which only the ports do. */
    private final SoapOverHttps reads;
    private final Port<WorkspaceFactory> factory;
    private final Port<Workspace> workspace;
    private final Port<WorkspaceStatus> status;
    private final Port<org.agora.contract.workspace.WorkspaceGroup> group;
    private final Port<org.agora.contract.workspace.SubscriptionManager> subscriptions;

    public WorkspaceClient(URI baseUrl, TlsMaterial tls) {
        this(baseUrl, tls, false);
    }

    /**
     * @param signMessages sign every request (WS-Security X.509, Body and Timestamp) and require
     *     signed answers, for sites whose endpoints demand secure messages
     */
    public WorkspaceClient(URI baseUrl, TlsMaterial tls, boolean signMessages) {
        this(baseUrl, new ClientPorts(tls, signMessages), signMessages ? null : new SoapOverHttps(tls));
    }

    /**
     * A client whose calls go through {@code ports}, e.g. {@link ClientPorts#relaying} for a compute
     * element that connects as itself and signs as its user; every call then goes through them.
     */
    public WorkspaceClient(URI baseUrl, ClientPorts ports) {
        this(baseUrl, ports, null);
    }

    private WorkspaceClient(URI baseUrl, ClientPorts ports, SoapOverHttps reads) {
        this.base = baseUrl.toString().replaceAll("/+$", "");
        this.ports = ports;
        this.reads = reads;
        this.factory = new Port<>(WorkspaceFactory.class, WorkspaceService.WorkspaceFactoryPort,
                base + "/WorkspaceFactory");
        this.workspace = new Port<>(Workspace.class, WorkspaceService.WorkspacePort, base + "/Workspace");
        this.status = new Port<>(WorkspaceStatus.class, WorkspaceService.WorkspaceStatusPort, base + "/WorkspaceStatus");
        this.group = new Port<>(org.agora.contract.workspace.WorkspaceGroup.class, WorkspaceService.WorkspaceGroupPort,
                base + "/WorkspaceGroup");
        this.subscriptions = new Port<>(org.agora.contract.workspace.SubscriptionManager.class,
                WorkspaceService.SubscriptionManagerPort, base + "/SubscriptionManager");
    }

    /**
     * A port made when first called: each costs a service model and interceptor chains, and one
     * run of the {@code agora} command calls one or two of the five.
     */
    private final class Port<T> {
        private final Class<T> type;
        private final javax.xml.namespace.QName name;
        private final String address;
        private T port;

        Port(Class<T> type, javax.xml.namespace.QName name, String address) {
            this.type = type;
            this.name = name;
            this.address = address;
        }

        T get() {
            if (port == null) {
                port = ports.port(type, "wsdl/workspace.wsdl", WorkspaceService.SERVICE, name, address);
            }
            return port;
        }
    }

    public CreateResponse create(Create request) throws ServiceCallException {
        String address = base + "/WorkspaceFactory";
        var sent = send(address, List.of(), WorkspaceFactory.class, "create", request, CreateResponse.class);
        return sent.isPresent() ? sent.get() : call(address, () -> factory.get().create(request));
    }

    /** The workspace's resource-property document. */
    public WorkspaceProperties status(EndpointReferenceType epr) throws ServiceCallException {
        var read = send(EndpointReferences.address(epr), EndpointReferences.referenceParameters(epr),
                Workspace.class, "getResourcePropertyDocument", new GetResourcePropertyDocument(),
                GetResourcePropertyDocumentResponse.class);
        Object any = read.isPresent() ? read.get().getAny()
                : onResource(epr, () -> workspace.get().getResourcePropertyDocument(new GetResourcePropertyDocument())
                        .getAny());
        return PropertyDocuments.workspace(any);
    }

    /** The caller's live workspaces. */
    public List<WorkspaceSummaryType> list() throws ServiceCallException {
        String address = base + "/WorkspaceStatus";
        var read = send(address, List.of(), WorkspaceStatus.class, "listWorkspaces", new ListWorkspaces(),
                ListWorkspacesResponse.class);
        if (read.isPresent()) {
            return read.get().getWorkspace();
        }
        return call(address, () -> status.get().listWorkspaces(new ListWorkspaces()).getWorkspace());
    }

    /**
     * A call sent without a CXF port ({@link SoapOverHttps}), sparing a command that makes one call
     * the port's cost. Empty when messages are signed, or when the service applied nothing (a fault,
     * no connection): the caller then calls through the port, which reports it as it always has. An
     * answer lost after sending is reported here, as the port would, and not sent again.
     */
    private <T> java.util.Optional<T> send(String address, List<Element> referenceParameters, Class<?> contract,
                                           String operation, Object request, Class<T> answer)
            throws ServiceCallException {
        if (reads == null) {
            return java.util.Optional.empty();
        }
        String action; // the contract's, as the port would send it
        try {
            action = contract.getMethod(operation, request.getClass()).getAnnotation(jakarta.xml.ws.Action.class).input();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the contract " + contract.getName() + " has no " + operation, e);
        }
        try {
            return reads.call(address, action, referenceParameters, request, answer);
        } catch (java.io.IOException e) {
            throw ports.noAnswer(address, new WebServiceException(e));
        }
    }

    /** The caller's used and reserved minutes at this site. */
    public org.agora.contract.workspace.GetUsageResponse usage() throws ServiceCallException {
        return call(base + "/WorkspaceStatus", () -> status.get().getUsage(new org.agora.contract.workspace.GetUsage()));
    }

    /** Usage records as OGF UR 1.0 XML ("ur") or an APEL cloud message ("apel"), for workspaces created in [from, to). */
    public org.agora.contract.workspace.GetUsageRecordsResponse usageRecords(String format, java.time.Instant from,
                                                                             java.time.Instant to)
            throws ServiceCallException {
        var request = new org.agora.contract.workspace.GetUsageRecords();
        request.setFormat(format);
        var types = javax.xml.datatype.DatatypeFactory.newDefaultInstance();
        request.setFrom(from == null ? null : types.newXMLGregorianCalendar(from.toString()));
        request.setTo(to == null ? null : types.newXMLGregorianCalendar(to.toString()));
        return call(base + "/WorkspaceStatus", () -> status.get().getUsageRecords(request));
    }

    /** Starts a stopped workspace or resumes a paused one; returns the state reached. */
    public WorkspaceStateType start(EndpointReferenceType epr) throws ServiceCallException {
        return onResource(epr, () -> workspace.get().start(new org.agora.contract.workspace.Start())).getState();
    }

    public WorkspaceStateType shutdown(EndpointReferenceType epr) throws ServiceCallException {
        return onResource(epr, () -> workspace.get().shutdown(new org.agora.contract.workspace.Shutdown())).getState();
    }

    public WorkspaceStateType pause(EndpointReferenceType epr) throws ServiceCallException {
        return onResource(epr, () -> workspace.get().pause(new org.agora.contract.workspace.Pause())).getState();
    }

    public WorkspaceStateType reboot(EndpointReferenceType epr) throws ServiceCallException {
        return onResource(epr, () -> workspace.get().reboot(new org.agora.contract.workspace.Reboot())).getState();
    }

    /**
     * The workspace's state alone (GetResourceProperty ws:State): what a client waiting for a state
     * reads, one element where {@link #status} carries the whole property document both ways.
     */
    public WorkspaceStateType state(EndpointReferenceType epr) throws ServiceCallException {
        List<Object> values = onResource(epr, () -> workspace.get().getResourceProperty(STATE)).getAny();
        for (Object o : values) {
            Object value = o instanceof JAXBElement<?> e ? e.getValue() : o;
            if (value instanceof WorkspaceStateType state) {
                return state;
            }
            if (value instanceof Element element) {
                return WorkspaceStateType.fromValue(element.getTextContent().strip());
            }
        }
        throw new IllegalStateException("the service answered GetResourceProperty(ws:State) without a State: " + values);
    }

    private static final String WS = EndpointReferences.WORKSPACE_NS;

    private static final javax.xml.namespace.QName STATE = new javax.xml.namespace.QName(WS, "State");

    /** Whether the workspace's guest is ready (its node asked through the Ready property); false if unknown. */
    public boolean ready(EndpointReferenceType epr) throws ServiceCallException {
        for (Object o : properties(epr, new javax.xml.namespace.QName(WS, "Ready"))) {
            if (o instanceof org.w3c.dom.Element e && "true".equals(e.getTextContent().strip())) {
                return true;
            }
        }
        return false;
    }

    /** Several resource properties at once (WS-ResourceProperties GetMultipleResourceProperties). */
    public List<Object> properties(EndpointReferenceType epr, javax.xml.namespace.QName... names)
            throws ServiceCallException {
        var request = new org.agora.contract.wsrf.properties.GetMultipleResourceProperties();
        request.getResourceProperty().addAll(List.of(names));
        return PropertyDocuments.asDom(onResource(epr, () -> workspace.get().getMultipleResourceProperties(request).getAny()));
    }

    /**
     * An XPath 1.0 query over the workspace's resource-property document (WS-ResourceProperties
     * QueryResourceProperties): elements, or strings for other results. Prefixes ws, wsrf-rl,
     * wsrf-rp and wsa are bound.
     */
    public List<Object> query(EndpointReferenceType epr, String xpath) throws ServiceCallException {
        var expression = new org.agora.contract.wsrf.properties.QueryExpressionType();
        expression.setDialect("http://www.w3.org/TR/1999/REC-xpath-19991116");
        expression.getContent().add(xpath);
        var request = new org.agora.contract.wsrf.properties.QueryResourceProperties();
        request.setQueryExpression(expression);
        return PropertyDocuments.asDom(onResource(epr, () -> workspace.get().queryResourceProperties(request).getContent()));
    }

    /** Moves the workspace's termination time; returns the one the service set. */
    public java.time.Instant setTerminationTime(EndpointReferenceType epr, java.time.Instant requested)
            throws ServiceCallException {
        org.agora.contract.wsrf.lifetime.SetTerminationTime request = new org.agora.contract.wsrf.lifetime.SetTerminationTime();
        java.util.GregorianCalendar at = new java.util.GregorianCalendar(java.util.TimeZone.getTimeZone("UTC"));
        at.setTimeInMillis(requested.toEpochMilli());
        request.setRequestedTerminationTime(new org.agora.contract.wsrf.lifetime.ObjectFactory()
                .createSetTerminationTimeRequestedTerminationTime(
                        javax.xml.datatype.DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(at)));
        return onResource(epr, () -> workspace.get().setTerminationTime(request)).getNewTerminationTime()
                .toGregorianCalendar().toInstant();
    }

    public void destroy(EndpointReferenceType epr) throws ServiceCallException {
        onResource(epr, () -> workspace.get().destroy(new Destroy()));
    }

    /** Creates a group of identical workspaces, placed all-or-nothing. */
    public org.agora.contract.workspace.CreateGroupResponse createGroup(org.agora.contract.workspace.CreateGroup request)
            throws ServiceCallException {
        return call(base + "/WorkspaceFactory", () -> factory.get().createGroup(request));
    }

    /** The group's resource-property document: its members and their states. */
    public org.agora.contract.workspace.GroupProperties groupStatus(EndpointReferenceType epr)
            throws ServiceCallException {
        Object any = onResource(group.get(), epr, () -> group.get().getResourcePropertyDocument(new GetResourcePropertyDocument())
                .getAny());
        return PropertyDocuments.group(any);
    }

    /** Applies start, shutdown, pause or reboot to every member; each member's outcome is returned. */
    public List<org.agora.contract.workspace.MemberOutcomeType> groupAction(EndpointReferenceType epr, String action)
            throws ServiceCallException {
        return onResource(group.get(), epr, () -> switch (action) {
            case "start" -> group.get().start(new org.agora.contract.workspace.Start());
            case "shutdown" -> group.get().shutdown(new org.agora.contract.workspace.Shutdown());
            case "pause" -> group.get().pause(new org.agora.contract.workspace.Pause());
            case "reboot" -> group.get().reboot(new org.agora.contract.workspace.Reboot());
            default -> throw new IllegalArgumentException("no group action " + action);
        }).getMember();
    }

    public void destroyGroup(EndpointReferenceType epr) throws ServiceCallException {
        onResource(group.get(), epr, () -> group.get().destroy(new Destroy()));
    }

    /** Shuts the workspace down and saves its disk as an image; returns the saved image's name. */
    /** The end of the workspace's serial console (at most {@code maxBytes}; null: the service's default). */
    public org.agora.contract.workspace.GetConsoleResponse console(EndpointReferenceType epr, Integer maxBytes)
            throws ServiceCallException {
        var request = new org.agora.contract.workspace.GetConsole();
        request.setMaxBytes(maxBytes);
        return onResource(workspace.get(), epr, () -> workspace.get().getConsole(request));
    }

    public String shutdownSave(EndpointReferenceType epr, String imageName) throws ServiceCallException {
        var request = new org.agora.contract.workspace.ShutdownSave();
        request.setSavedImage(imageName);
        return onResource(workspace.get(), epr, () -> workspace.get().shutdownSave(request)).getSavedImage();
    }

    /**
     * Subscribes a NotificationConsumer to the workspace's changes (WS-BaseNotification).
     *
     * @param topic "WorkspaceStateChange" or "WorkspaceTermination"
     * @param duration how long the subscription lasts, or null for the workspace's lifetime
     */
    public org.agora.contract.wsn.SubscribeResponse subscribe(EndpointReferenceType epr, EndpointReferenceType consumer,
                                                              String topic, java.time.Duration duration)
            throws ServiceCallException {
        var request = new org.agora.contract.wsn.Subscribe();
        request.setConsumerReference(consumer);
        if (topic != null) {
            var expression = new org.agora.contract.wsn.TopicExpressionType();
            expression.setDialect("http://docs.oasis-open.org/wsn/t-1/TopicExpression/Simple");
            expression.getContent().add("ws:" + topic);
            var filter = new org.agora.contract.wsn.FilterType();
            filter.getAny().add(new org.agora.contract.wsn.ObjectFactory().createTopicExpression(expression));
            request.setFilter(filter);
        }
        if (duration != null) {
            request.setInitialTerminationTime(new org.agora.contract.wsn.ObjectFactory()
                    .createSubscribeInitialTerminationTime(duration.toString()));
        }
        var context = ((BindingProvider) workspace.get()).getRequestContext();
        // The topic is a QName in the Simple dialect: its prefix is declared on the envelope.
        context.put("soap.env.ns.map", java.util.Map.of("ws", WS));
        return onResource(workspace.get(), epr, () -> workspace.get().subscribe(request));
    }

    /** Moves a subscription's end; returns the termination time the service set. */
    public java.time.Instant renew(EndpointReferenceType subscription, java.time.Duration duration)
            throws ServiceCallException {
        var request = new org.agora.contract.wsn.Renew();
        request.setTerminationTime(duration.toString());
        return onResource(subscriptions.get(), subscription, () -> subscriptions.get().renew(request)).getTerminationTime()
                .toGregorianCalendar().toInstant();
    }

    public void unsubscribe(EndpointReferenceType subscription) throws ServiceCallException {
        onResource(subscriptions.get(), subscription, () -> subscriptions.get().unsubscribe(new org.agora.contract.wsn.Unsubscribe()));
    }

    private <T> T onResource(EndpointReferenceType epr, Call<T> call) throws ServiceCallException {
        return onResource(workspace.get(), epr, call);
    }

    private <T> T onResource(Object port, EndpointReferenceType epr, Call<T> call) throws ServiceCallException {
        String address = EndpointReferences.address(epr);
        List<Header> headers = new ArrayList<>();
        for (Element parameter : EndpointReferences.referenceParameters(epr)) {
            Element copy = (Element) parameter.cloneNode(true);
            // WS-Addressing 1.0: each reference parameter is echoed as a header, marked as such.
            copy.setAttributeNS("http://www.w3.org/2005/08/addressing", "wsa:IsReferenceParameter", "true");
            headers.add(new Header(new javax.xml.namespace.QName(parameter.getNamespaceURI(), parameter.getLocalName()),
                    copy));
        }
        var context = ((BindingProvider) port).getRequestContext();
        context.put(Header.HEADER_LIST, headers);
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        try {
            return call(address, call);
        } finally {
            context.remove(Header.HEADER_LIST);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String address, Call<T> call) throws ServiceCallException {
        try {
            return call.run();
        } catch (WebServiceException e) {
            throw ports.noAnswer(address, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception fault) {
            throw ServiceCallException.fromDeclaredFault(fault);
        }
    }

    @Override
    public void close() {
        ports.close();
    }

}
