package org.agora.security.soap;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.tls.PeerChainCheck;
import org.agora.security.trust.ChainProblem;
import org.agora.security.trust.ChainRejectedException;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.FaultMode;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a call whose TLS client chain is not valid now (revoked since the handshake, or a proxy
 * expired), before any service code runs. The TLS layer checks a chain once per full handshake;
 * sessions resumed from a ticket skip it, so every endpoint that trusts the TLS peer needs this.
 */
public final class PeerChainRecheck extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(PeerChainRecheck.class);

    private final PeerChainCheck check;

    public PeerChainRecheck(PeerChainCheck check) {
        super(Phase.PRE_PROTOCOL);
        this.check = check;
    }

    @Override
    public void handleMessage(Message message) {
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        Certificate[] peer = tls == null ? null : tls.getPeerCertificates();
        if (peer == null || peer.length == 0) {
            // No chain to re-check: CallerIdentity / AllowedCallers refuse the call with their own words.
            return;
        }
        X509Certificate[] chain = Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        try {
            check.check(chain);
        } catch (ChainRejectedException e) {
            LOG.warn("event=call.peer_rejected subject=\"{}\" codes={} reason=\"{}\"",
                    DistinguishedNames.toSlash(chain[0].getSubjectX500Principal()),
                    e.problems().stream().map(ChainProblem::code).distinct().toList(), e.getMessage());
            Fault fault = new Fault(new SecurityException("the certificate chain of this TLS session is no longer "
                    + "valid: " + e.getMessage() + "; connect again with a valid, unrevoked proxy or certificate"));
            fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
            // The caller's mistake, not the server's: CXF then logs it in one line, without a stack trace.
            message.put(FaultMode.class, FaultMode.CHECKED_APPLICATION_FAULT);
            throw fault;
        }
    }
}
