package org.agora.client.workspace;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import javax.xml.transform.Result;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMResult;
import org.agora.contract.addressing.AttributedURIType;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.addressing.ObjectFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WS-Addressing EPRs as the client library passes them: the contract's generated
 * {@link EndpointReferenceType} (what CreateResponse and the other messages carry), its address and
 * reference parameters, and its XML form (a wsa:EndpointReference element, as handle files hold).
 */
public final class EndpointReferences {
    /** The namespace of the workspace contract's own elements, properties and reference parameters. */
    static final String WORKSPACE_NS = "http://agora-grid.org/namespaces/2026/11/workspace";

    /** The reference parameter that names a workspace. */
    public static final QName WORKSPACE_KEY = new QName(WORKSPACE_NS, "WorkspaceKey");

    /**
     * Reads and writes the EPR element alone: small, so cheap to build when a command first needs it.
     * Reference parameters it does not know stay DOM elements when read.
     */
    private static final JAXBContext XML;

    static {
        try {
            XML = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EndpointReferences() {
    }

    /** An EPR with only an address: a NotificationConsumer's, say. */
    public static EndpointReferenceType of(String address) {
        AttributedURIType uri = new AttributedURIType();
        uri.setValue(address);
        EndpointReferenceType epr = new EndpointReferenceType();
        epr.setAddress(uri);
        return epr;
    }

    public static String address(EndpointReferenceType epr) {
        if (epr.getAddress() == null || epr.getAddress().getValue() == null) {
            throw new IllegalArgumentException("the endpoint reference has no wsa:Address");
        }
        return epr.getAddress().getValue().strip();
    }

    /**
     * The reference parameters as DOM elements, ready to be sent as SOAP headers. Those the data
     * binding recognised when it read a response (the WorkspaceKey, for one) are objects there, and
     * are rendered back into the elements they came as.
     */
    public static List<Element> referenceParameters(EndpointReferenceType epr) {
        List<Element> params = new ArrayList<>();
        if (epr.getReferenceParameters() != null) {
            for (Object parameter : epr.getReferenceParameters().getAny()) {
                params.add(parameter instanceof Element e ? e : element(parameter));
            }
        }
        return params;
    }

    /** The workspace id an EPR addresses, if it carries a WorkspaceKey. */
    public static Optional<String> workspaceId(EndpointReferenceType epr) {
        if (epr.getReferenceParameters() == null) {
            return Optional.empty();
        }
        for (Object parameter : epr.getReferenceParameters().getAny()) {
            if (parameter instanceof JAXBElement<?> e && WORKSPACE_KEY.equals(e.getName())
                    && e.getValue() instanceof String id) {
                return Optional.of(id.strip());
            }
            if (parameter instanceof Element e && WORKSPACE_KEY.getNamespaceURI().equals(e.getNamespaceURI())
                    && WORKSPACE_KEY.getLocalPart().equals(e.getLocalName())) {
                return Optional.of(e.getTextContent().strip());
            }
        }
        return Optional.empty();
    }

    /** Writes the EPR as a wsa:EndpointReference element. */
    public static void write(EndpointReferenceType epr, Result to) {
        try {
            XML.createMarshaller().marshal(new ObjectFactory().createEndpointReference(epr), to);
        } catch (JAXBException e) {
            throw new IllegalArgumentException("cannot write the endpoint reference: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an EPR element, whatever its name (as JAX-WS's W3CEndpointReference does, so handle files
     * it wrote read too).
     */
    public static EndpointReferenceType read(Source from) {
        try {
            return XML.createUnmarshaller().unmarshal(from, EndpointReferenceType.class).getValue();
        } catch (JAXBException e) {
            String why = e.getMessage() != null ? e.getMessage()
                    : e.getLinkedException() != null ? e.getLinkedException().getMessage() : e.toString();
            throw new IllegalArgumentException(why, e);
        }
    }

    private static Element element(Object parameter) {
        DOMResult result = new DOMResult();
        try {
            XML.createMarshaller().marshal(parameter, result);
        } catch (JAXBException unknownToThisContext) {
            // A bean of a type only the service's data binding knows: never one of Agora's own keys.
            try {
                Class<?> type = parameter instanceof JAXBElement<?> e ? e.getDeclaredType() : parameter.getClass();
                JAXBContext.newInstance(type).createMarshaller().marshal(parameter, result);
            } catch (JAXBException e) {
                throw new IllegalArgumentException("cannot render reference parameter " + parameter, e);
            }
        }
        Node node = result.getNode();
        return node instanceof Document d ? d.getDocumentElement() : (Element) node;
    }
}
