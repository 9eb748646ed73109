package org.agora.transport.endpoint;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import javax.xml.datatype.DatatypeFactory;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.NodeFaultType;
import org.agora.security.identity.GridIdentity;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.logging.NoOpFaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node contract's gate: lets through only a caller presenting, as its own TLS certificate, an
 * end-entity certificate whose subject is one of the configured service DNs. The node contract
 * skips admission, limits, the market and accounting, so a user's proxy must never reach it, even
 * when a service DN list names that user; and an empty list admits no one rather than everyone.
 */
public final class AllowedCallers extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(AllowedCallers.class);

    /** The {@link NodeFaultType#getReason()} of every refusal, stable for callers to match. */
    public static final String REFUSED = "CallerNotAllowed";

    private final Set<String> allowedDns;
    private final String setting;

    /**
     * @param allowedDns slash-form DNs of the services allowed to call; must not be empty
     * @param setting the configuration key the DNs come from, named in refusals so an admin knows what to edit
     */
    public AllowedCallers(Set<String> allowedDns, String setting) {
        super(Phase.PRE_INVOKE);
        if (allowedDns.isEmpty()) {
            throw new IllegalArgumentException(setting + " names no service DN; a node that admitted every trusted "
                    + "caller would let users bypass the workspace service, so it admits none");
        }
        this.allowedDns = Set.copyOf(allowedDns);
        this.setting = setting;
    }

    @Override
    public void handleMessage(Message message) {
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        Certificate[] peer = tls == null ? null : tls.getPeerCertificates();
        if (peer == null || peer.length == 0) {
            throw refusal(message, "no client certificate was presented; only the workspace service may call this node");
        }
        GridIdentity caller;
        try {
            caller = GridIdentity.fromChain(
                    Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new));
        } catch (IllegalArgumentException noEndEntity) {
            throw refusal(message, noEndEntity.getMessage() + "; only the workspace service may call this node");
        }
        if (caller.proxyType().isProxy()) {
            LOG.warn("event=caller.refused dn=\"{}\" reason=proxy proxy_type=\"{}\"", caller.dn(),
                    caller.proxyType().description());
            throw refusal(message, "a proxy certificate of " + caller.dn() + " (" + caller.proxyType().description()
                    + ") may not call this node; only the workspace service's host certificate may");
        }
        if (!allowedDns.contains(caller.dn())) {
            LOG.warn("event=caller.refused dn=\"{}\" reason=not_listed setting={}", caller.dn(), setting);
            throw refusal(message, caller.dn() + " may not call this node; " + setting + " allows only "
                    + new TreeSet<>(allowedDns));
        }
    }

    /**
     * A typed NodeFault, sent as soap:Client: the caller, not the node, has to change. The refusal
     * is logged once, as the caller.refused line; CXF's own stack trace would only repeat it.
     */
    private static Fault refusal(Message message, String description) {
        message.put(FaultListener.class.getName(), new NoOpFaultListener());
        NodeFaultType info = new NodeFaultType();
        info.setReason(REFUSED);
        info.getDescription().add(description);
        info.setTimestamp(DatatypeFactory.newDefaultInstance()
                .newXMLGregorianCalendar(new GregorianCalendar(TimeZone.getTimeZone("UTC"))));
        Fault fault = new Fault(new NodeFault(description, info));
        fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
        return fault;
    }
}
