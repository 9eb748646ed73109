package org.agora.deploy.transport;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import org.agora.security.identity.GridIdentity;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only callers whose certificate identity is in a fixed set: an adapter obeys only
 * the workspace service's host certificate. An empty set admits any caller the TLS layer trusted.
 */
public final class AllowedCallers extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(AllowedCallers.class);

    private final Set<String> allowedDns;

    public AllowedCallers(Set<String> allowedDns) {
        super(Phase.PRE_INVOKE);
        this.allowedDns = Set.copyOf(allowedDns);
    }

    @Override
    public void handleMessage(Message message) {
        if (allowedDns.isEmpty()) {
            return;
        }
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        Certificate[] peer = tls == null ? null : tls.getPeerCertificates();
        if (peer == null || peer.length == 0) {
            throw new Fault(new SecurityException("no client certificate presented"));
        }
        GridIdentity caller = GridIdentity.fromChain(
                Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new));
        if (!allowedDns.contains(caller.dn())) {
            LOG.warn("event=caller.refused dn=\"{}\" allowed={}", caller.dn(), allowedDns);
            throw new Fault(new SecurityException(caller.dn() + " may not call this node; allowed callers are "
                    + allowedDns));
        }
    }
}
