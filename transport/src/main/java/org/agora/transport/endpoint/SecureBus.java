package org.agora.transport.endpoint;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.agora.security.soap.PeerChainRecheck;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.signing.MessageSigning;
import org.agora.transport.signing.SignaturesWhenPresent;
import org.agora.transport.tls.SecureClients;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.SSLContextServerParameters;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
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
    /** CXF's per-port setting that keeps a bus's shutdown from stopping that port's engine. */
    private static final String DONT_CLOSE_PORT = "org.apache.cxf.transports.http_jetty.DontClosePort.";

    private final Bus bus;
    private final TlsMaterial tls;
    private final PeerChainRecheck peerChainRecheck;
    private final List<EndpointImpl> endpoints = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final ConnectorLimits limits;

    public SecureBus(TlsMaterial tls) {
        this(tls, ConnectorLimits.NONE);
    }

    /** @param limits what each HTTPS port this bus opens bears from a client */
    public SecureBus(TlsMaterial tls, ConnectorLimits limits) {
        this.tls = tls;
        this.peerChainRecheck = new PeerChainRecheck(tls.peerChainCheck());
        this.limits = limits;
        this.bus = BusFactory.newInstance().createBus();
    }

    /**
     * Publishes {@code implementor} at {@code httpsUrl}, requiring a client certificate whose
     * chain is valid at each call, not only at the handshake (resumed sessions skip that).
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
        return publish(httpsUrl, implementor, inInterceptors, signing, true);
    }

    /**
     * Publishes as above; with {@code signing} and {@code signaturesRequired}, the endpoint accepts
     * only signed requests; with {@code signing} alone, it takes unsigned requests and verifies the
     * signed ones ({@link SignaturesWhenPresent}). Either way a signed request gets a signed answer.
     */
    public EndpointImpl publish(String httpsUrl, Object implementor, List<Interceptor<? extends Message>> inInterceptors,
                                MessageSigning signing, boolean signaturesRequired) {
        URI url = URI.create(httpsUrl);
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException(httpsUrl + " is not an https URL; Agora endpoints only speak TLS");
        }
        configurePort(url.getHost(), url.getPort());
        EndpointImpl endpoint = new EndpointImpl(bus, implementor);
        endpoint.getInInterceptors().add(peerChainRecheck);
        endpoint.getInInterceptors().addAll(inInterceptors);
        if (limits.maxRequestBytes() > 0) {
            endpoint.getInInterceptors().add(new RequestSizeLimit(limits.maxRequestBytes()));
        }
        if (signing != null && signaturesRequired) {
            endpoint.getInInterceptors().add(signing.verifier());
            endpoint.getInInterceptors().add(signing.coverage());
            endpoint.getOutInterceptors().add(signing.signer());
            endpoint.getOutFaultInterceptors().add(signing.signer());
        } else if (signing != null) {
            SignaturesWhenPresent optional = new SignaturesWhenPresent(signing);
            endpoint.getInInterceptors().add(optional.verifier());
            endpoint.getOutInterceptors().add(optional.signer());
            endpoint.getOutFaultInterceptors().add(optional.signer());
        }
        endpoint.publish(httpsUrl);
        logRefusedHandshakes(url.getPort());
        endpoints.add(endpoint);
        LOG.info("event=endpoint.published url={} implementor={} signed_messages={}", httpsUrl,
                implementor.getClass().getSimpleName(),
                signing == null ? "no" : signaturesRequired ? "required" : "when_present");
        return endpoint;
    }

    private synchronized void configurePort(String host, int port) {
        JettyHTTPServerEngineFactory engines = bus.getExtension(JettyHTTPServerEngineFactory.class);
        if (engines.retrieveJettyHTTPServerEngine(port) != null) {
            return;
        }
        // The context's session lifetime (TlsMaterial.SESSION_LIFETIME) is the hint its tickets carry.
        TLSServerParameters server = new SSLContextServerParameters(tls.sslContext());
        server.setIncludeProtocols(List.of(TlsMaterial.PROTOCOLS));
        ClientAuthentication clientAuth = new ClientAuthentication();
        clientAuth.setRequired(true);
        clientAuth.setWant(true);
        server.setClientAuthentication(clientAuth);
        try {
            engines.setTLSServerParametersForPort(host, port, server);
            JettyHTTPServerEngine engine = engines.createJettyHTTPServerEngine(host, port, "https");
            applyLimits(engine);
            // CXF keeps every bus's Jetty engines in one static map and, when any bus shuts down,
            // stops them all, warning "still in use" for another bus's busy port (the demo runs the
            // server's bus and the adapter's in one JVM). This port is closed by this bus only: close().
            System.setProperty(DONT_CLOSE_PORT + port, "true");
            ports.add(port);
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

    /** Once per port, when its Jetty connector exists (after the first publish on it). */
    private synchronized void logRefusedHandshakes(int port) {
        var engine = bus.getExtension(JettyHTTPServerEngineFactory.class).retrieveJettyHTTPServerEngine(port);
        if (engine != null && engine.getConnector() instanceof ContainerLifeCycle connector
                && connector.getBean(RefusedHandshakeLog.class) == null) {
            connector.addBean(new RefusedHandshakeLog());
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
            return SecureClients.receiveTimeout(SecureClients.configure(port, address, tls),
                    SecureClients.CONSUMER_RECEIVE_TIMEOUT);
        }
        return SecureClients.plain(port, address);
    }

    public Bus bus() {
        return bus;
    }

    /**
     * Stops this bus's endpoints, then its own ports, then the bus: in that order no request is
     * still being served when its port closes, and another bus's ports in the same JVM stay open.
     */
    @Override
    public void close() {
        for (EndpointImpl e : endpoints) {
            e.stop();
        }
        for (int port : ports) {
            JettyHTTPServerEngineFactory.destroyForPort(port);
            System.clearProperty(DONT_CLOSE_PORT + port);
        }
        bus.shutdown(true);
    }
}
