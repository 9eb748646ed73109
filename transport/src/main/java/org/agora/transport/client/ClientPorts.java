package org.agora.transport.client;

import jakarta.xml.ws.WebServiceException;
import javax.xml.namespace.QName;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.signing.MessageSigning;
import org.agora.transport.tls.SecureClients;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;

/**
 * Makes the JAX-WS client ports of one site's services, on a CXF bus of their own: each port calls
 * its address over mutual TLS with the caller's credential and, when messages are signed, signs its
 * requests and accepts only signed answers and faults. Closing it releases the bus and its ports.
 */
public final class ClientPorts implements AutoCloseable {
    /** Made with the first port: a command whose one call goes another way never pays for a bus. */
    private Bus bus;
    private final TlsMaterial tls;
    private final MessageSigning signing;

    /**
     * @param signMessages sign every request (WS-Security X.509, Body and Timestamp) and require
     *     signed answers, for sites whose endpoints demand secure messages
     */
    public ClientPorts(TlsMaterial tls, boolean signMessages) {
        this(tls, signMessages ? new MessageSigning(tls) : null);
    }

    private ClientPorts(TlsMaterial tls, MessageSigning signing) {
        this.tls = tls;
        this.signing = signing;
    }

    /**
     * Ports that present {@code tls}'s credential on the connection and sign every request with
     * {@code signer}, another identity: a compute element the site trusts connecting with its host
     * certificate and signing with the proxy its user delegated to it, so that the call is the
     * user's (docs/security.md, "Compute elements acting for their users"). Answers must come
     * signed by a chain {@code tls} trusts.
     */
    public static ClientPorts relaying(TlsMaterial tls, GridCredential signer) {
        return new ClientPorts(tls, new MessageSigning(signer, tls));
    }

    /**
     * A port of {@code type} calling {@code address}, its service model read from {@code wsdl} on
     * the class path (e.g. {@code wsdl/bank.wsdl}), so no schema is fetched from the network.
     */
    public synchronized <T> T port(Class<T> type, String wsdl, QName service, QName endpoint, String address) {
        if (bus == null) {
            bus = BusFactory.newInstance().createBus();
        }
        JaxWsProxyFactoryBean proxies = new JaxWsProxyFactoryBean();
        proxies.setBus(bus);
        proxies.setWsdlURL("classpath:" + wsdl);
        proxies.setServiceName(service);
        proxies.setEndpointName(endpoint);
        proxies.setServiceClass(type);
        proxies.setAddress(address);
        T port = SecureClients.configure(type.cast(proxies.create()), address, tls);
        return signing == null ? port : signing.onClient(port);
    }

    /** Whether the ports sign their requests. */
    public boolean signsMessages() {
        return signing != null;
    }

    /** A call to {@code address} that brought no answer, told as the user can act on it. */
    public ServiceCallException noAnswer(String address, WebServiceException e) {
        return ServiceCallException.noAnswer(TransportFailure.of(address, e, signsMessages()), e);
    }

    @Override
    public synchronized void close() {
        if (bus != null) {
            bus.shutdown(true);
        }
    }
}
