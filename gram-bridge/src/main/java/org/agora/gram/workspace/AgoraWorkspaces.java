package org.agora.gram.workspace;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.GetConsole;
import org.agora.contract.workspace.ListWorkspaces;
import org.agora.contract.workspace.Workspace;
import org.agora.contract.workspace.WorkspaceFactory;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.workspace.WorkspaceService;
import org.agora.contract.workspace.WorkspaceStatus;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.contract.wsrf.lifetime.Destroy;
import org.agora.contract.wsrf.properties.GetResourcePropertyDocument;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.client.ClientPorts;
import org.agora.transport.client.ServiceCallException;
import org.agora.transport.signing.MessageSigning;
import org.apache.cxf.headers.Header;
import org.w3c.dom.Element;

/**
 * The workspace service of one Agora site, called by the CE for its users: TLS with the CE's host
 * credential (the site trusts the CE, {@code agora.server.trusted.ce}), every request signed with
 * the user's delegated proxy, so the workspace is the user's.
 */
public final class AgoraWorkspaces implements Workspaces {
    private static final JAXBContext PROPERTIES = context();
    private final String base;
    private final TlsMaterial host;
    private final GuestBoot boot;
    /** One CXF bus for every user's ports: TLS is the CE's whoever signs. */
    private final ClientPorts ports;

    /** @param baseUrl the site's services, e.g. https://agora.example.org:8443/agora */
    public AgoraWorkspaces(URI baseUrl, TlsMaterial host) {
        this(baseUrl, host, GuestBoot.IMAGE);
    }

    /**
     * @param baseUrl the site's services, e.g. https://agora.example.org:8443/agora
     * @param boot    how every job's workspace boots its image
     */
    public AgoraWorkspaces(URI baseUrl, TlsMaterial host, GuestBoot boot) {
        this.base = baseUrl.toString().replaceAll("/+$", "");
        this.host = host;
        this.boot = boot;
        this.ports = new ClientPorts(host, false);
    }

    @Override
    public void close() {
        ports.close();
    }

    @Override
    public UserWorkspaces forUser(GridCredential user) {
        return new Calls(user);
    }

    private final class Calls implements UserWorkspaces {
        private final MessageSigning signing;
        private WorkspaceFactory factory;
        private Workspace workspace;
        private WorkspaceStatus status;

        /** TLS stays the CE's (the shared ports); each request is signed by the user's proxy. */
        Calls(GridCredential user) {
            this.signing = new MessageSigning(user, host);
        }

        @Override
        public WorkspaceHandle create(WorkspaceOrder order) throws WorkspaceCallException {
            WorkspaceRequestBuilder request = new WorkspaceRequestBuilder().name(order.name()).image(order.image())
                    .vcpus(order.vcpus()).memoryMiB(order.memoryMiB()).duration(order.lifetime())
                    .shutdownMechanism("Trash").userData(order.userData()).gridJobId(order.gridJobId());
            if (order.bid() != null) {
                request.bid(order.bid(), null);
            }
            if (boot.kernel() != null) {
                request.kernel(boot.kernel()).initrd(boot.initrd()).kernelArgs(boot.kernelArgs());
            }
            if (boot.diskMiB() != null) {
                request.diskMiB(boot.diskMiB());
            }
            Create create = request.build();
            String address = base + "/WorkspaceFactory";
            var created = call(address, () -> factory().create(create));
            return new WorkspaceHandle(created.getWorkspaceId(), write(created.getWorkspaceReference()));
        }

        @Override
        public WorkspaceView view(WorkspaceHandle handle) throws WorkspaceCallException {
            Object any = onResource(handle, () -> workspace().getResourcePropertyDocument(
                    new GetResourcePropertyDocument()).getAny());
            WorkspaceProperties properties = properties(any);
            return new WorkspaceView(properties.getState().value(), properties.getStateCause());
        }

        @Override
        public ConsoleText console(WorkspaceHandle handle, int maxBytes) throws WorkspaceCallException {
            GetConsole request = new GetConsole();
            request.setMaxBytes(maxBytes);
            var answer = onResource(handle, () -> workspace().getConsole(request));
            return new ConsoleText(answer.getText(), answer.isTruncated(), answer.getSize());
        }

        @Override
        public void destroy(WorkspaceHandle handle) throws WorkspaceCallException {
            try {
                onResource(handle, () -> workspace().destroy(new Destroy()));
            } catch (WorkspaceCallException e) {
                if (!(e.getCause() instanceof ServiceCallException s && "ResourceUnknownFault".equals(s.reason()))) {
                    throw e;
                }
            }
        }

        @Override
        public Optional<WorkspaceHandle> find(String name) throws WorkspaceCallException {
            List<WorkspaceSummaryType> mine = call(base + "/WorkspaceStatus",
                    () -> status().listWorkspaces(new ListWorkspaces()).getWorkspace());
            for (WorkspaceSummaryType w : mine) {
                if (name.equals(w.getName())) {
                    return Optional.of(new WorkspaceHandle(w.getWorkspaceId(), write(w.getWorkspaceReference())));
                }
            }
            return Optional.empty();
        }

        private WorkspaceFactory factory() {
            if (factory == null) {
                factory = port(WorkspaceFactory.class, WorkspaceService.WorkspaceFactoryPort, "/WorkspaceFactory");
            }
            return factory;
        }

        private Workspace workspace() {
            if (workspace == null) {
                workspace = port(Workspace.class, WorkspaceService.WorkspacePort, "/Workspace");
            }
            return workspace;
        }

        private WorkspaceStatus status() {
            if (status == null) {
                status = port(WorkspaceStatus.class, WorkspaceService.WorkspaceStatusPort, "/WorkspaceStatus");
            }
            return status;
        }

        private <T> T port(Class<T> type, QName name, String path) {
            return signing.onClient(ports.port(type, "wsdl/workspace.wsdl", WorkspaceService.SERVICE, name, base + path));
        }

        private <T> T onResource(WorkspaceHandle handle, Call<T> call) throws WorkspaceCallException {
            EndpointReferenceType epr = read(handle.epr());
            String address = EndpointReferences.address(epr);
            List<Header> headers = new ArrayList<>();
            for (Element parameter : EndpointReferences.referenceParameters(epr)) {
                Element copy = (Element) parameter.cloneNode(true);
                copy.setAttributeNS("http://www.w3.org/2005/08/addressing", "wsa:IsReferenceParameter", "true");
                headers.add(new Header(new QName(parameter.getNamespaceURI(), parameter.getLocalName()), copy));
            }
            var context = ((BindingProvider) workspace()).getRequestContext();
            context.put(Header.HEADER_LIST, headers);
            context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
            try {
                return call(address, call);
            } finally {
                context.remove(Header.HEADER_LIST);
            }
        }

        private <T> T call(String address, Call<T> call) throws WorkspaceCallException {
            try {
                return call.run();
            } catch (WebServiceException e) {
                ServiceCallException failure = ports.noAnswer(address, e);
                throw new WorkspaceCallException(failure.getMessage(), false, failure);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception fault) {
                ServiceCallException refused = ServiceCallException.fromDeclaredFault(fault);
                throw new WorkspaceCallException(refused.getMessage(), true, refused);
            }
        }

        /** Releases this user's ports (their conduits); the bus stays for the others. */
        @Override
        public void close() {
            for (Object port : new Object[] {factory, workspace, status}) {
                if (port instanceof java.io.Closeable closeable) {
                    try {
                        closeable.close();
                    } catch (java.io.IOException e) {
                        // nothing held beyond the port itself
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private static WorkspaceProperties properties(Object any) throws WorkspaceCallException {
        Object value = any instanceof JAXBElement<?> e ? e.getValue() : any;
        if (value instanceof WorkspaceProperties p) {
            return p;
        }
        if (value instanceof Element element) {
            try {
                return PROPERTIES.createUnmarshaller().unmarshal(element, WorkspaceProperties.class).getValue();
            } catch (JAXBException e) {
                throw new WorkspaceCallException("the service's property document is unreadable: " + e, true, e);
            }
        }
        throw new WorkspaceCallException("the service answered without a property document", true, null);
    }

    static String write(EndpointReferenceType epr) {
        StringWriter xml = new StringWriter();
        EndpointReferences.write(epr, new StreamResult(xml));
        return xml.toString();
    }

    static EndpointReferenceType read(String xml) {
        return EndpointReferences.read(new StreamSource(new StringReader(xml)));
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(WorkspaceProperties.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
