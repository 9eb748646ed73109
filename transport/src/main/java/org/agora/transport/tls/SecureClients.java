package org.agora.transport.tls;

import jakarta.xml.ws.BindingProvider;
import org.agora.security.tls.TlsMaterial;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/** Points a JAX-WS port at an HTTPS address, presenting a grid credential and checking the server's. */
public final class SecureClients {
    /** How long a call waits for its connection (TLS handshake included) to the service. */
    public static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** How long a call waits for the service's answer. */
    public static final java.time.Duration RECEIVE_TIMEOUT = java.time.Duration.ofSeconds(120);

    /**
     * How long a notification consumer may take to accept a Notify, over HTTP or HTTPS: it answers a
     * one-way message at once, and one that hangs must not hold a sender thread for a call's two minutes.
     */
    public static final java.time.Duration CONSUMER_RECEIVE_TIMEOUT = java.time.Duration.ofSeconds(10);

    private SecureClients() {
    }

    /** Configures {@code port} to call {@code address} over plain HTTP (notification consumers only). */
    public static <T> T plain(T port, String address) {
        BindingProvider provider = (BindingProvider) port;
        provider.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        provider.getRequestContext().put("force.urlconnection.http.conduit", Boolean.TRUE);
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(5_000);
        policy.setReceiveTimeout(CONSUMER_RECEIVE_TIMEOUT.toMillis());
        policy.setAllowChunking(false);
        conduit.setClient(policy);
        return port;
    }

    /** Makes a configured {@code port} give up on an answer after {@code timeout}. */
    public static <T> T receiveTimeout(T port, java.time.Duration timeout) {
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
        conduit.getClient().setReceiveTimeout(timeout.toMillis());
        return port;
    }

    /**
     * Configures {@code port} to call {@code address} over mutual TLS, over the JDK's
     * URLConnection conduit (2.5-6x faster than CXF's default java.net.http client for small SOAP
     * calls on these machines; see docs/performance.md).
     */
    public static <T> T configure(T port, String address, TlsMaterial tls) {
        BindingProvider provider = (BindingProvider) port;
        provider.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        provider.getRequestContext().put("force.urlconnection.http.conduit", Boolean.TRUE);
        Client client = ClientProxy.getClient(port);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        TLSClientParameters params = new TLSClientParameters();
        params.setKeyManagers(tls.keyManagers());
        params.setTrustManagers(tls.trustManagers());
        params.setSecureSocketProtocol("TLS");
        params.setDisableCNCheck(false);
        conduit.setTlsClientParameters(params);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        policy.setReceiveTimeout(RECEIVE_TIMEOUT.toMillis());
        policy.setAllowChunking(false);
        conduit.setClient(policy);
        return port;
    }
}
