package org.agora.security.soap;

import java.util.function.Function;
import javax.xml.namespace.QName;
import org.agora.security.authz.AccessDeniedException;
import org.agora.security.authz.LimitedProxyPolicy;
import org.agora.security.authz.TrustedComputeElements;
import org.agora.security.identity.GridIdentity;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.FaultMode;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.OperationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link LimitedProxyPolicy} to every call of the endpoint it is installed on, before the
 * endpoint runs: the operation is known by then (from the contract's binding), and so is the
 * signer of a signed message. A refusal is the fault the contract declares for the operation (the
 * endpoint supplies it), a soap:Client fault; the endpoint's fault handling logs it as one line
 * ({@code event=request.refused}). Every call a trusted compute element relays is logged here, once,
 * naming the user, the CE and the operation ({@code event=call.relayed}), served or not.
 */
public final class LimitedProxyGuard extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(LimitedProxyGuard.class);

    /**
     * Whether a caller is limited depends on the chain alone, never on VOMS attributes: resolved
     * without a VOMS verifier, the identity is worked out once per TLS session instead of having
     * its attribute certificates verified a second time on every call.
     */
    private final CallerIdentity identity;
    private final LimitedProxyPolicy policy;
    private final Function<String, ? extends Exception> declaredFault;

    /**
     * @param declaredFault makes the contract's not-authorised fault (a generated exception
     *     carrying its fault bean) from the refusal's sentence
     */
    public LimitedProxyGuard(LimitedProxyPolicy policy, Function<String, ? extends Exception> declaredFault) {
        this(policy, TrustedComputeElements.NONE, declaredFault);
    }

    /**
     * @param computeElements the CEs that may relay their users' signed calls, whose relayed
     *     limited proxies the policy treats apart
     * @param declaredFault makes the contract's not-authorised fault (a generated exception
     *     carrying its fault bean) from the refusal's sentence
     */
    public LimitedProxyGuard(LimitedProxyPolicy policy, TrustedComputeElements computeElements,
                             Function<String, ? extends Exception> declaredFault) {
        super(Phase.PRE_INVOKE);
        this.identity = new CallerIdentity(null, computeElements);
        this.policy = policy;
        this.declaredFault = declaredFault;
    }

    @Override
    public void handleMessage(Message message) {
        GridIdentity caller;
        try {
            caller = identity.of(message);
        } catch (AccessDeniedException e) {
            // No identity: the endpoint refuses the call itself, saying why.
            return;
        }
        if (!caller.isLimited() && !caller.isRelayed()) {
            return;
        }
        BindingOperationInfo bop = message.getExchange().getBindingOperationInfo();
        OperationInfo operation = bop == null ? null : bop.getOperationInfo();
        QName portType = operation == null ? new QName("", "unknown") : operation.getInterface().getName();
        String name = operation == null ? "an unidentified operation" : operation.getName().getLocalPart();
        if (caller.isRelayed()) {
            LOG.info("event=call.relayed user=\"{}\" via=\"{}\" proxy=\"{}\" operation={}.{}", caller.dn(),
                    caller.relayedBy(), caller.proxyType().description(), portType.getLocalPart(), name);
        }
        if (!caller.isLimited()) {
            return;
        }
        try {
            policy.permit(caller, portType, name);
        } catch (AccessDeniedException e) {
            Fault fault = new Fault(declaredFault.apply(e.getMessage()));
            fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
            // A declared fault, as if the endpoint had thrown it: CXF logs it as such, without a stack trace.
            message.put(FaultMode.class, FaultMode.CHECKED_APPLICATION_FAULT);
            throw fault;
        }
    }
}
