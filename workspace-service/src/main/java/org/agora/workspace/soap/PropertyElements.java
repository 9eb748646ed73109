package org.agora.workspace.soap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import org.agora.contract.wsrf.properties.InvalidResourcePropertyQNameFault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlElement;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.agora.contract.workspace.WorkspaceProperties;

/**
 * A workspace's resource properties picked by name straight from the property document's JAXB
 * object, for GetResourceProperty and GetMultipleResourceProperties. Marshalling the whole
 * document to DOM to select children, and having JAXB copy those DOM elements into the response
 * through an identity transform, cost an eighth of a property read's server CPU
 * (docs/performance.md); the elements built here are marshalled straight to the response stream.
 * The names come from the contract's generated class, so they follow the WSDL.
 */
final class PropertyElements {
    private record Property(QName name, Field field, Class<?> type) {
    }

    private static final Map<QName, Property> PROPERTIES = properties();

    private PropertyElements() {
    }

    /**
     * The property named {@code name} in {@code document}: one element, or none when the property
     * has no value (an optional one); empty if the document has no such property at all.
     */
    private static final JAXBContext PROPERTIES_CONTEXT;

    static {
        try {
            PROPERTIES_CONTEXT = JAXBContext.newInstance(WorkspaceProperties.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The property {@code name} of the document, or the contract's fault saying there is no such property. */
    static List<Object> declared(WorkspaceProperties document, QName name) throws InvalidResourcePropertyQNameFault {
        return select(document, name).orElseThrow(() -> WorkspaceFaults.invalidProperty(name
                + " is not a resource property of a workspace; see the WorkspaceProperties element in the service's "
                + "WSDL for the ones there are"));
    }

    /** The whole document as one DOM element, for a query to run over. */
    static Element asElement(WorkspaceProperties properties) {
        try {
            Document doc = DomDocuments.create();
            PROPERTIES_CONTEXT.createMarshaller().marshal(properties, doc);
            return doc.getDocumentElement();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot render the resource-property document", e);
        }
    }

    static Optional<List<Object>> select(WorkspaceProperties document, QName name) {
        Property p = PROPERTIES.get(name);
        if (p == null) {
            return Optional.empty();
        }
        Object value;
        try {
            value = p.field().get(document);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + name + " of the property document", e);
        }
        return Optional.of(value == null ? List.of() : List.of(element(p, value)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object element(Property p, Object value) {
        return new JAXBElement(p.name(), p.type(), value);
    }

    private static Map<QName, Property> properties() {
        String defaultNamespace = ContractTranslator.NS;
        Map<QName, Property> byName = new HashMap<>();
        for (Field f : WorkspaceProperties.class.getDeclaredFields()) {
            XmlElement xml = f.getAnnotation(XmlElement.class);
            if (xml == null) {
                continue;
            }
            if (f.getType() == List.class) {
                // Not in the contract today; select() would need one element per item.
                throw new IllegalStateException("repeated property " + f.getName() + " is not supported");
            }
            String namespace = "##default".equals(xml.namespace()) ? defaultNamespace : xml.namespace();
            String local = "##default".equals(xml.name()) ? f.getName() : xml.name();
            f.setAccessible(true);
            QName name = new QName(namespace, local);
            byName.put(name, new Property(name, f, boxed(f.getType())));
        }
        return Map.copyOf(byName);
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        throw new IllegalStateException("property of primitive type " + type + " is not supported");
    }
}
