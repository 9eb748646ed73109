package org.agora.workspace.soap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.contract.workspace.WorkspaceStateChange;
import org.agora.contract.wsn.NotificationConsumer;
import org.agora.contract.wsn.NotificationMessageHolderType;
import org.agora.contract.wsn.Notify;
import org.agora.contract.wsn.TopicExpressionType;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.notification.NotificationSender;
import org.agora.workspace.model.Subscription;
import org.agora.workspace.model.Topic;
import org.apache.cxf.headers.Header;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Sends WS-BaseNotification 1.3 Notify messages: one NotificationMessage per change, its Topic in
 * the Simple dialect, the workspace's EPR as producer, and a {@code ws:WorkspaceStateChange} as the
 * message. The consumer EPR's reference parameters travel as SOAP headers, as WS-Addressing asks.
 */
public final class SoapNotificationSender implements NotificationSender {
    /** Makes a client port for a consumer address (TLS set up for https addresses). */
    public interface ConsumerPorts {
        NotificationConsumer port(String address);
    }

    static final String SIMPLE_DIALECT = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Simple";
    private static final JAXBContext CHANGE_CONTEXT;

    static {
        try {
            CHANGE_CONTEXT = JAXBContext.newInstance(WorkspaceStateChange.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConsumerPorts ports;
    private final ContractTranslator translator;
    private final String subscriptionManagerAddress;
    private final Map<String, NotificationConsumer> byAddress = new ConcurrentHashMap<>();
    /** Reference parameters parsed once per subscription, not once per message; bounded, oldest out. */
    private final Map<String, List<Header>> headersBySubscription = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Header>> eldest) {
                    return size() > 4096;
                }
            });

    /**
     * @param workspaceAddress the public URL of the Workspace port (producer references)
     * @param subscriptionManagerAddress the public URL of the SubscriptionManager port
     */
    public SoapNotificationSender(ConsumerPorts ports, String workspaceAddress, String subscriptionManagerAddress) {
        this.ports = ports;
        this.translator = new ContractTranslator(workspaceAddress);
        this.subscriptionManagerAddress = subscriptionManagerAddress;
    }

    @Override
    public void send(Subscription subscription, Workspace after, WorkspaceState from) throws DeliveryException {
        Notify notify = new Notify();
        NotificationMessageHolderType message = new NotificationMessageHolderType();
        message.setSubscriptionReference(ContractTranslator.reference(subscriptionManagerAddress,
                ContractTranslator.SUBSCRIPTION_KEY, subscription.id()));
        TopicExpressionType topic = new TopicExpressionType();
        topic.setDialect(SIMPLE_DIALECT);
        Topic published = after.state().isTerminal() && subscription.topic() == Topic.WORKSPACE_TERMINATION
                ? Topic.WORKSPACE_TERMINATION : Topic.WORKSPACE_STATE_CHANGE;
        topic.getContent().add("ws:" + published.localName());
        message.setTopic(topic);
        message.setProducerReference(translator.reference(after.id()));
        NotificationMessageHolderType.Message body = new NotificationMessageHolderType.Message();
        body.setAny(change(after, from));
        message.setMessage(body);
        notify.getNotificationMessage().add(message);

        NotificationConsumer port = byAddress.computeIfAbsent(subscription.consumerAddress(), address -> {
            NotificationConsumer p = ports.port(address);
            // The Simple-dialect topic is a QName: its prefix must be declared where it is read.
            ((BindingProvider) p).getRequestContext().put("soap.env.ns.map", Map.of("ws", ContractTranslator.NS));
            return p;
        });
        // One port per consumer address is shared by subscriptions with different reference parameters.
        synchronized (port) {
            ((BindingProvider) port).getRequestContext().put(Header.HEADER_LIST, headersBySubscription.computeIfAbsent(
                    subscription.id(), id -> referenceParameters(subscription.consumerReference())));
            try {
                port.notify(notify);
            } catch (WebServiceException e) {
                byAddress.remove(subscription.consumerAddress());
                throw new DeliveryException("consumer " + subscription.consumerAddress() + " did not take the "
                        + "notification: " + e.getMessage(), e);
            }
        }
    }

    private static Element change(Workspace after, WorkspaceState from) {
        WorkspaceStateChange change = new WorkspaceStateChange();
        change.setWorkspaceId(after.id());
        change.setGroupId(after.groupId());
        change.setPreviousState(from == null ? null : ContractTranslator.state(from));
        change.setState(ContractTranslator.state(after.state()));
        change.setCause(after.stateCause() == null ? "" : after.stateCause());
        change.setTime(WorkspaceFaults.calendar(after.stateChangedAt()));
        try {
            Document doc = DomDocuments.create();
            CHANGE_CONTEXT.createMarshaller().marshal(change, doc);
            return doc.getDocumentElement();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot render a WorkspaceStateChange", e);
        }
    }

    /** The ReferenceParameters children of the consumer's EPR, as SOAP headers. */
    private static List<Header> referenceParameters(String eprXml) {
        List<Header> headers = new ArrayList<>();
        try {
            Document doc = ConsumerReferences.parse(eprXml);
            var params = doc.getElementsByTagNameNS(ContractTranslator.WSA, "ReferenceParameters");
            if (params.getLength() > 0) {
                for (Node n = params.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        headers.add(new Header(new javax.xml.namespace.QName(e.getNamespaceURI(), e.getLocalName()), e));
                    }
                }
            }
        } catch (Exception e) {
            // The reference was parsed when the subscription was made; a failure here is a bug.
            throw new IllegalStateException("stored consumer reference is not XML: " + e.getMessage(), e);
        }
        return headers;
    }
}
