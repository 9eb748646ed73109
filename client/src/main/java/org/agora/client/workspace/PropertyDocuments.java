package org.agora.client.workspace;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.util.ArrayList;
import java.util.List;
import org.agora.contract.workspace.GroupProperties;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.transport.client.ServiceCallException;
import org.w3c.dom.Element;

/**
 * Resource-property documents and values as the client hands them out, whatever shape the data
 * binding delivered them in (a bound object, a JAXBElement or a bare DOM element: which one depends
 * on the path the answer came by and on the element's declaration).
 */
final class PropertyDocuments {
    private PropertyDocuments() {
    }

    /** The workspace's property document in {@code any}, or a failure saying what came instead. */
    static WorkspaceProperties workspace(Object any) throws ServiceCallException {
        if (any instanceof WorkspaceProperties p) {
            return p;
        }
        if (any instanceof JAXBElement<?> e && e.getValue() instanceof WorkspaceProperties p) {
            return p;
        }
        if (any instanceof Element element) {
            try {
                return Contexts.WORKSPACE_PROPERTIES.createUnmarshaller()
                        .unmarshal(element, WorkspaceProperties.class).getValue();
            } catch (JAXBException e) {
                throw new ServiceCallException("InvalidResponse", "the service's resource-property document "
                        + "is not a WorkspaceProperties document: " + e.getMessage(), e);
            }
        }
        throw new ServiceCallException("InvalidResponse", "the service returned no resource-property document", null);
    }

    /** The group's property document in {@code any}, or a failure saying what came instead. */
    static GroupProperties group(Object any) throws ServiceCallException {
        if (any instanceof JAXBElement<?> e) {
            any = e.getValue();
        }
        if (any instanceof GroupProperties p) {
            return p;
        }
        if (any instanceof Element element) {
            try {
                return Contexts.GROUP_PROPERTIES.createUnmarshaller().unmarshal(element, GroupProperties.class)
                        .getValue();
            } catch (JAXBException e) {
                throw new ServiceCallException("InvalidResponse", "the group's property document is not a "
                        + "GroupProperties document: " + e.getMessage(), e);
            }
        }
        throw new ServiceCallException("InvalidResponse", "the service returned no group property document", null);
    }

    /**
     * Property values as DOM elements whatever the data binding made of them (it turns the
     * elements it knows into JAXBElements); strings stay strings.
     */
    static List<Object> asDom(List<Object> content) {
        List<Object> out = new ArrayList<>();
        for (Object o : content) {
            if (o instanceof JAXBElement<?> e) {
                try {
                    javax.xml.transform.dom.DOMResult result = new javax.xml.transform.dom.DOMResult();
                    Contexts.PROPERTY_VALUES.createMarshaller().marshal(e, result);
                    out.add(((org.w3c.dom.Document) result.getNode()).getDocumentElement());
                } catch (JAXBException x) {
                    throw new IllegalStateException("cannot render property " + e.getName(), x);
                }
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * JAXB contexts are costly to build (milliseconds: a status poll would pay more for its context
     * than for its round trip) and safe to share; each is built once, when first needed.
     */
    private static final class Contexts {
        static final JAXBContext PROPERTY_VALUES = of(org.agora.contract.workspace.ObjectFactory.class,
                org.agora.contract.wsrf.lifetime.ObjectFactory.class);
        static final JAXBContext GROUP_PROPERTIES = of(GroupProperties.class);
        static final JAXBContext WORKSPACE_PROPERTIES = of(WorkspaceProperties.class);

        private static JAXBContext of(Class<?>... classes) {
            try {
                return JAXBContext.newInstance(classes);
            } catch (JAXBException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
