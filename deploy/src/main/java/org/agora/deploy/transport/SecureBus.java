package org.agora.deploy.transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.agora.client.transport.MessageSigning;
import org.agora.client.transport.SecureClients;
import org.agora.security.tls.TlsMaterial;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CXF bus of a process, with the credential it presents and the CAs it trusts. Endpoints
 * published through it demand a client certificate; clients configured through it present the
 * credential and verify the server's host name. Closing it stops every endpoint it published.
 */
public final class SecureBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecureBus.class);

    private final Bus bus;
    private final TlsMaterial tls;
    private final List<EndpointImpl> endpoints = new ArrayList<>();
    private final ConnectorLimits limits;

    public SecureBus(TlsMaterial tls) {
        this(tls, ConnectorLimits.NONE);
    }

    /** @param limits what each HTTPS port this bus opens bears from a client */
    public SecureBus(TlsMaterial tls, ConnectorLimits limits) {
        this.tls = tls;
        this.limits = limits;
        this.bus = BusFactory.newInstance().createBus();
    }

    /**
     * Publishes {@code implementor} at {@code httpsUrl}, requiring a client certificate.
     *
     * @param inInterceptors run on every request before the implementor (e.g. caller checks)
     */
    public EndpointImpl publish(String httpsUrl, Object implementor, List<Interceptor<? extends Message>> inInterceptors) {
        return publish(httpsUrl, implementor, inInterceptors, null);
    }

    /**
     * Publishes as above; with {@code signing}, the endpoint accepts only WS-Security-signed
     * requests and signs its answers and faults.
     */
    public EndpointImpl publish(String httpsUrl, Object implementor, List<Interceptor<? extends Message>> inInterceptors,
                                MessageSigning signing) {
        URI url = URI.create(httpsUrl);
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException(httpsUrl + " is not an https URL; Agora endpoints only speak TLS");
        }
        configurePort(url.getHost(), url.getPort());
        EndpointImpl endpoint = new EndpointImpl(bus, implementor);
        endpoint.getInInterceptors().addAll(inInterceptors);
        if (limits.maxRequestBytes() > 0) {
            endpoint.getInInterceptors().add(new RequestSizeLimit(limits.maxRequestBytes()));
        }
        if (signing != null) {
            endpoint.getInInterceptors().add(signing.verifier());
            endpoint.getInInterceptors().add(signing.coverage());
            endpoint.getOutInterceptors().add(signing.signer());
            endpoint.getOutFaultInterceptors().add(signing.signer());
        }
        endpoint.publish(httpsUrl);
        endpoints.add(endpoint);
        LOG.info("event=endpoint.published url={} implementor={} signed_messages={}", httpsUrl,
                implementor.getClass().getSimpleName(), signing != null);
        return endpoint;
    }

    private synchronized void configurePort(String host, int port) {
        JettyHTTPServerEngineFactory engines = bus.getExtension(JettyHTTPServerEngineFactory.class);
        if (engines.retrieveJettyHTTPServerEngine(port) != null) {
            return;
        }
        TLSServerParameters server = new TLSServerParameters();
        server.setKeyManagers(tls.keyManagers());
        server.setTrustManagers(tls.trustManagers());
        server.setIncludeProtocols(List.of(TlsMaterial.PROTOCOLS));
        ClientAuthentication clientAuth = new ClientAuthentication();
        clientAuth.setRequired(true);
        clientAuth.setWant(true);
        server.setClientAuthentication(clientAuth);
        try {
            engines.setTLSServerParametersForPort(host, port, server);
            JettyHTTPServerEngine engine = engines.createJettyHTTPServerEngine(host, port, "https");
            applyLimits(engine);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open HTTPS port " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * A body announced larger than the limit is answered 413 by Jetty before a byte of it is read
     * (SizeLimitHandler, ahead of the endpoints' contexts); chunked bodies are cut by
     * {@link RequestSizeLimit}. Must run before the port's first endpoint creates its connector.
     */
    private void applyLimits(JettyHTTPServerEngine engine) {
        if (limits.idleTimeout() != null) {
            engine.setMaxIdleTime((int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis()));
        }
        if (limits.maxRequestBytes() > 0) {
            engine.setHandlers(List.of(new SizeLimitHandler(limits.maxRequestBytes(), -1)));
        }
    }

    /** Makes {@code port} (a JAX-WS client proxy) call {@code address} over mutual TLS with this bus's credential. */
    public <T> T secureClient(T port, String address) {
        return SecureClients.configure(port, address, tls);
    }

    /**
     * A client for a WS-BaseNotification consumer: over TLS with this bus's credential for https
     * addresses, plain HTTP otherwise (a subscriber's choice, for a consumer on a private network).
     */
    public org.agora.contract.wsn.NotificationConsumer consumerClient(String address) {
        org.agora.contract.wsn.NotificationConsumer port = new org.agora.contract.wsn.consumer
                .NotificationConsumerService().getNotificationConsumerPort();
        if (address.startsWith("https:")) {
            return SecureClients.configure(port, address, tls);
        }
        return SecureClients.plain(port, address);
    }

    public Bus bus() {
        return bus;
    }

    @Override
    public void close() {
        for (EndpointImpl e : endpoints) {
            e.stop();
        }
        bus.shutdown(true);
    }
}
