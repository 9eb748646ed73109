package org.agora.client.notification;

import jakarta.jws.WebService;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.net.URI;
import java.time.Instant;
import java.util.function.Consumer;
import org.agora.client.workspace.EndpointReferences;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.WorkspaceStateChange;
import org.agora.contract.wsn.NotificationConsumer;
import org.agora.contract.wsn.NotificationMessageHolderType;
import org.agora.contract.wsn.Notify;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.w3c.dom.Element;

/**
 * A NotificationConsumer endpoint on plain HTTP: each Notify's workspace state changes are handed
 * to the given callback, with the time they arrived. Run it where the workspace service can reach
 * it (the address goes into the Subscribe's ConsumerReference).
 */
public final class NotificationListener implements AutoCloseable {
    /** One notification as received. */
    public record Received(String topic, WorkspaceStateChange change, Instant receivedAt) {
    }

    private static final JAXBContext CHANGES;

    static {
        try {
            CHANGES = JAXBContext.newInstance(WorkspaceStateChange.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Bus bus;
    private final EndpointImpl endpoint;
    private final String address;

    /** Starts listening at {@code httpUrl}, e.g. http://0.0.0.0:9090/agora-consumer. */
    public NotificationListener(String httpUrl, Consumer<Received> onNotification) {
        URI url = URI.create(httpUrl);
        if (!"http".equals(url.getScheme()) || url.getPort() <= 0) {
            throw new IllegalArgumentException("'" + httpUrl + "' is not an http URL with a port, e.g. "
                    + "http://myhost.example.org:9090/agora-consumer");
        }
        this.address = httpUrl;
        this.bus = BusFactory.newInstance().createBus();
        this.endpoint = new EndpointImpl(bus, new Endpoint(onNotification));
        this.endpoint.publish(httpUrl);
    }

    /** The EPR to give Subscribe as ConsumerReference, with {@code publicUrl} as its address. */
    public EndpointReferenceType reference(String publicUrl) {
        return EndpointReferences.of(publicUrl);
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        endpoint.stop();
        bus.shutdown(true);
    }

    @WebService(endpointInterface = "org.agora.contract.wsn.NotificationConsumer",
            serviceName = "NotificationConsumerService", portName = "NotificationConsumerPort",
            targetNamespace = "http://agora-grid.org/namespaces/2026/11/consumer",
            wsdlLocation = "classpath:wsdl/consumer.wsdl")
    static class Endpoint implements NotificationConsumer {
        private final Consumer<Received> onNotification;

        Endpoint(Consumer<Received> onNotification) {
            this.onNotification = onNotification;
        }

        @Override
        public void notify(Notify notify) {
            Instant now = Instant.now();
            for (NotificationMessageHolderType m : notify.getNotificationMessage()) {
                String topic = m.getTopic() == null ? "" : m.getTopic().getContent().stream()
                        .filter(String.class::isInstance).map(String.class::cast).reduce("", String::concat).strip();
                WorkspaceStateChange change = change(m.getMessage() == null ? null : m.getMessage().getAny());
                if (change != null) {
                    onNotification.accept(new Received(topic, change, now));
                }
            }
        }

        private static WorkspaceStateChange change(Object any) {
            if (any instanceof WorkspaceStateChange c) {
                return c;
            }
            if (any instanceof JAXBElement<?> e && e.getValue() instanceof WorkspaceStateChange c) {
                return c;
            }
            if (any instanceof Element e) {
                try {
                    return CHANGES.createUnmarshaller().unmarshal(e, WorkspaceStateChange.class).getValue();
                } catch (JAXBException ignored) {
                    return null; // A message of another producer: not ours to show.
                }
            }
            return null;
        }
    }
}
