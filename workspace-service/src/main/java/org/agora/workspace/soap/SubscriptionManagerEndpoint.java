package org.agora.workspace.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import java.time.Clock;
import java.time.Instant;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.SubscriptionManager;
import org.agora.contract.wsn.Renew;
import org.agora.contract.wsn.RenewResponse;
import org.agora.contract.wsn.UnableToDestroySubscriptionFault;
import org.agora.contract.wsn.UnacceptableTerminationTimeFault;
import org.agora.contract.wsn.Unsubscribe;
import org.agora.contract.wsn.UnsubscribeResponse;
import org.agora.contract.wsrf.resource.ResourceUnknownFault;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.model.Subscription;
import org.agora.workspace.notification.SubscriptionManager.SubscriptionNotFoundException;
import org.agora.workspace.notification.SubscriptionManager.SubscriptionRefusedException;

/** SubscriptionManager port: Renew and Unsubscribe on the subscription named by the SubscriptionKey header. */
@WebService(endpointInterface = "org.agora.contract.workspace.SubscriptionManager",
        serviceName = "WorkspaceService", portName = "SubscriptionManagerPort",
        targetNamespace = ContractTranslator.NS, wsdlLocation = "classpath:wsdl/workspace.wsdl")
public class SubscriptionManagerEndpoint implements SubscriptionManager {
    private final org.agora.workspace.notification.SubscriptionManager subscriptions;
    private final CallContext calls;
    private final Clock clock;

    @Resource
    private WebServiceContext context;

    public SubscriptionManagerEndpoint(org.agora.workspace.notification.SubscriptionManager subscriptions,
                                       CallContext calls, Clock clock) {
        this.subscriptions = subscriptions;
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public RenewResponse renew(Renew request)
            throws UnacceptableTerminationTimeFault, NotAuthorizedFault, ResourceUnknownFault {
        Instant now = clock.instant();
        Instant requested;
        try {
            requested = NotificationTimes.parse(request == null ? null : request.getTerminationTime(), now);
        } catch (IllegalArgumentException e) {
            throw NotificationFaults.unacceptable("Renew's TerminationTime " + e.getMessage(), now, subscriptions.latest());
        }
        if (requested == null) {
            throw NotificationFaults.unacceptable("Renew names no TerminationTime (an unlimited subscription is not "
                    + "offered); give a time or a duration", now, subscriptions.latest());
        }
        try {
            Subscription renewed = subscriptions.renew(caller(), key(), requested);
            RenewResponse response = new RenewResponse();
            response.setTerminationTime(WorkspaceFaults.calendar(renewed.terminationTime()));
            response.setCurrentTime(WorkspaceFaults.calendar(now));
            return response;
        } catch (SubscriptionNotFoundException e) {
            throw WorkspaceFaults.unknown(e.getMessage());
        } catch (SubscriptionRefusedException e) {
            throw NotificationFaults.unacceptable(e.getMessage(), e.minimum(), e.maximum());
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    @Override
    public UnsubscribeResponse unsubscribe(Unsubscribe request)
            throws UnableToDestroySubscriptionFault, NotAuthorizedFault, ResourceUnknownFault {
        try {
            subscriptions.unsubscribe(caller(), key());
            return new UnsubscribeResponse();
        } catch (SubscriptionNotFoundException e) {
            throw WorkspaceFaults.unknown(e.getMessage());
        } catch (NotAuthorizedException e) {
            throw WorkspaceFaults.notAuthorized(e);
        }
    }

    private org.agora.security.identity.GridIdentity caller() throws NotAuthorizedFault {
        return calls.callerOrFault(context);
    }

    private String key() throws ResourceUnknownFault {
        return CallContext.requiredKey(context, ContractTranslator.SUBSCRIPTION_KEY, "subscription");
    }
}
