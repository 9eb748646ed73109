package org.agora.workspace.soap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.wsn.FilterType;
import org.agora.contract.wsn.InvalidFilterFault;
import org.agora.contract.wsn.InvalidTopicExpressionFault;
import org.agora.contract.wsn.InvalidTopicExpressionFaultType;
import org.agora.contract.wsn.SubscribeCreationFailedFault;
import org.agora.contract.wsn.TopicExpressionDialectUnknownFault;
import org.agora.contract.wsn.TopicExpressionType;
import org.agora.contract.wsn.TopicNotSupportedFault;
import org.agora.workspace.model.Topic;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** Reads what a Subscribe says: the consumer's EPR (kept as XML) and the topic its Filter asks for. */
final class ConsumerReferences {
    static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    private static final String CONCRETE_DIALECT = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete";

    /**
     * Writes stored consumer references. It knows every package the Workspace port's data binding
     * knows: a reference parameter that binding recognised arrives as an object, not as DOM, and
     * must be written back as the element it came as.
     */
    private static final JAXBContext STORED;

    static {
        try {
            STORED = JAXBContext.newInstance(org.agora.contract.addressing.ObjectFactory.class,
                    org.agora.contract.workspace.ObjectFactory.class, org.agora.contract.wsn.ObjectFactory.class,
                    org.agora.contract.wsrf.faults.ObjectFactory.class,
                    org.agora.contract.wsrf.resource.ObjectFactory.class,
                    org.agora.contract.wsrf.properties.ObjectFactory.class,
                    org.agora.contract.wsrf.lifetime.ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ConsumerReferences() {
    }

    /** The EPR as the wsa:EndpointReference element it is stored as (and sent from, by SoapNotificationSender). */
    static String toXml(EndpointReferenceType reference) throws SubscribeCreationFailedFault {
        StringWriter out = new StringWriter();
        try {
            STORED.createMarshaller().marshal(
                    new org.agora.contract.addressing.ObjectFactory().createEndpointReference(reference), out);
        } catch (JAXBException e) {
            throw NotificationFaults.creationFailed("the ConsumerReference cannot be stored: " + e.getMessage());
        }
        return out.toString();
    }

    /** Parses an EPR as XML, refusing DOCTYPEs (the XML came from a caller). */
    static Document parse(String eprXml) throws Exception {
        var factory = DocumentBuilderFactory.newDefaultNSInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(eprXml)));
    }

    /** The EPR's wsa:Address. */
    static String address(EndpointReferenceType reference) throws SubscribeCreationFailedFault {
        String address = reference.getAddress() == null ? null : reference.getAddress().getValue();
        if (address == null || address.isBlank()) {
            throw NotificationFaults.creationFailed("the ConsumerReference has no wsa:Address");
        }
        return address.strip();
    }

    /**
     * The topic a Filter selects: no Filter (or no TopicExpression in it) means every state change;
     * Simple (or Concrete) dialect names such as {@code ws:WorkspaceTermination} select one topic.
     */
    static Topic topic(FilterType filter) throws TopicExpressionDialectUnknownFault, TopicNotSupportedFault,
            InvalidFilterFault, InvalidTopicExpressionFault {
        if (filter == null) {
            return Topic.WORKSPACE_STATE_CHANGE;
        }
        Topic chosen = Topic.WORKSPACE_STATE_CHANGE;
        for (Object item : filter.getAny()) {
            String dialect;
            String expression;
            if (item instanceof JAXBElement<?> e && e.getValue() instanceof TopicExpressionType t) {
                dialect = t.getDialect();
                expression = t.getContent().stream().filter(String.class::isInstance).map(String.class::cast)
                        .reduce("", String::concat);
            } else if (item instanceof Element e && WSNT.equals(e.getNamespaceURI())
                    && "TopicExpression".equals(e.getLocalName())) {
                dialect = e.getAttribute("Dialect");
                expression = e.getTextContent();
            } else {
                throw NotificationFaults.invalidFilter(nameOf(item));
            }
            if (!SoapNotificationSender.SIMPLE_DIALECT.equals(dialect) && !CONCRETE_DIALECT.equals(dialect)) {
                throw NotificationFaults.dialectUnknown(dialect);
            }
            String name = expression.strip();
            if (name.isEmpty() || name.contains("/") || name.contains("|") || name.contains("*")) {
                String m = "topic expression '" + name + "' is not a single topic name such as ws:WorkspaceStateChange";
                throw new InvalidTopicExpressionFault(m,
                        WorkspaceFaults.fill(new InvalidTopicExpressionFaultType(), "InvalidTopicExpression", m));
            }
            String local = name.substring(name.indexOf(':') + 1);
            chosen = Topic.byLocalName(local).orElseThrow(() -> NotificationFaults.topicNotSupported(name));
        }
        return chosen;
    }

    private static QName nameOf(Object item) {
        if (item instanceof JAXBElement<?> e) {
            return e.getName();
        }
        if (item instanceof Element e) {
            return new QName(e.getNamespaceURI(), e.getLocalName());
        }
        return new QName(item.getClass().getName());
    }
}
