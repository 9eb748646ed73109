package org.agora.client.workspace;

import jakarta.xml.ws.wsaddressing.W3CEndpointReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import javax.xml.transform.dom.DOMResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads a WS-Addressing EPR's address and reference parameters, which JAX-WS keeps opaque. */
public final class EndpointReferences {
    private static final String WSA = "http://www.w3.org/2005/08/addressing";
    /** The reference parameter that names a workspace. */
    public static final QName WORKSPACE_KEY = new QName("http://agora-grid.org/namespaces/2026/11/workspace",
            "WorkspaceKey");

    private EndpointReferences() {
    }

    private static Element root(W3CEndpointReference epr) {
        DOMResult result = new DOMResult();
        epr.writeTo(result);
        Node node = result.getNode();
        return node instanceof Document d ? d.getDocumentElement() : (Element) node;
    }

    public static String address(W3CEndpointReference epr) {
        Element address = child(root(epr), "Address");
        if (address == null) {
            throw new IllegalArgumentException("the endpoint reference has no wsa:Address");
        }
        return address.getTextContent().strip();
    }

    public static List<Element> referenceParameters(W3CEndpointReference epr) {
        List<Element> params = new ArrayList<>();
        Element holder = child(root(epr), "ReferenceParameters");
        if (holder != null) {
            for (Node n = holder.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    params.add(e);
                }
            }
        }
        return params;
    }

    /** The workspace id an EPR addresses, if it carries a WorkspaceKey. */
    public static Optional<String> workspaceId(W3CEndpointReference epr) {
        return referenceParameters(epr).stream()
                .filter(e -> WORKSPACE_KEY.getNamespaceURI().equals(e.getNamespaceURI())
                        && WORKSPACE_KEY.getLocalPart().equals(e.getLocalName()))
                .map(e -> e.getTextContent().strip()).findFirst();
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && WSA.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }
}
