package org.agora.deploy.server;

import java.util.List;
import org.agora.contract.faults.RequestFaults;
import org.agora.security.authz.TrustedComputeElements;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.endpoint.RefusedRequests;
import org.agora.transport.endpoint.SecureBus;
import org.agora.transport.signing.MessageSigning;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;

/**
 * Publishes agora-server's endpoints, each under its name, with the message security the settings
 * give it: an endpoint listed in {@code agora.server.signed.endpoints} demands signed calls; any
 * other verifies the signed calls it gets when the site trusts compute elements (they relay their
 * users' calls signed), and takes unsigned ones as before; else it takes unsigned calls only.
 */
final class ServerEndpoints {
    private final SecureBus bus;
    private final String listen;
    private final List<String> signed;
    private final MessageSigning signing;
    private final boolean signedWhenPresent;

    /**
     * @param listen the base URL endpoints are published under, e.g. https://0.0.0.0:8443/agora
     * @param signed the endpoint names that demand signed calls
     */
    ServerEndpoints(SecureBus bus, String listen, TlsMaterial tls, List<String> signed,
                    TrustedComputeElements computeElements) {
        this.bus = bus;
        this.listen = listen;
        this.signed = List.copyOf(signed);
        this.signedWhenPresent = !computeElements.isEmpty();
        this.signing = signed.isEmpty() && !signedWhenPresent ? null : new MessageSigning(tls);
    }

    /**
     * Publishes {@code implementor} as endpoint {@code name}; it answers requests it cannot read,
     * and its callers' mistakes, in its own typed {@code faults}.
     */
    void publish(String name, Object implementor, List<Interceptor<? extends Message>> guards, RequestFaults faults) {
        boolean required = signed.contains(name);
        var endpoint = bus.publish(listen + "/" + name, implementor, guards,
                required || signedWhenPresent ? signing : null, required);
        RefusedRequests.install(endpoint.getServer().getEndpoint(), faults);
    }
}
