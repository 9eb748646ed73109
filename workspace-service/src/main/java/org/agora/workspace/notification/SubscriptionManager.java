package org.agora.workspace.notification;

import org.agora.workspace.model.Subscription;
import org.agora.workspace.model.Topic;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.lifecycle.WorkspaceManager;
import org.agora.workspace.lifecycle.WorkspaceNotFoundException;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.persistence.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, renews and ends subscriptions. Whoever may see a workspace may subscribe to it; only the
 * subscriber (or a site admin) may renew or end the subscription.
 */
public final class SubscriptionManager {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionManager.class);
    /** Past the workspace's own termination time, so the notice of its end still has somewhere to go. */
    static final Duration GRACE = Duration.ofMinutes(10);

    private final WorkspaceManager workspaces;
    private final SubscriptionRepository repository;
    private final Set<String> adminDns;
    private final Duration maxLifetime;
    private final Clock clock;

    public SubscriptionManager(WorkspaceManager workspaces, SubscriptionRepository repository, Set<String> adminDns,
                               Duration maxLifetime, Clock clock) {
        this.workspaces = workspaces;
        this.repository = repository;
        this.adminDns = Set.copyOf(adminDns);
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /**
     * Subscribes {@code consumerAddress} to the workspace's changes on {@code topic}.
     *
     * @param requested the wanted termination time, or null for the workspace's own plus a grace period
     */
    public Subscription subscribe(GridIdentity caller, String workspaceId, String consumerAddress,
                                  String consumerReference, Topic topic, Instant requested)
            throws WorkspaceNotFoundException, NotAuthorizedException, SubscriptionRefusedException {
        Workspace w = workspaces.get(caller, workspaceId);
        checkAddress(consumerAddress);
        Instant now = clock.instant();
        Instant termination = requested != null ? requested : w.terminationTime().plus(GRACE);
        checkTermination(termination, now);
        Subscription s = new Subscription(UUID.randomUUID().toString(), workspaceId, caller.dn(), consumerAddress,
                consumerReference, topic, now, termination);
        repository.insert(s);
        LOG.info("event=subscription.created subscription={} workspace={} consumer={} topic={} until={} by=\"{}\"",
                s.id(), workspaceId, consumerAddress, topic.localName(), termination, caller.dn());
        return s;
    }

    /** Moves the subscription's termination time. */
    public Subscription renew(GridIdentity caller, String subscriptionId, Instant requested)
            throws SubscriptionNotFoundException, NotAuthorizedException, SubscriptionRefusedException {
        Subscription s = owned(caller, subscriptionId);
        checkTermination(requested, clock.instant());
        Subscription renewed = repository.renew(s.id(), requested).orElseThrow(() -> gone(subscriptionId));
        LOG.info("event=subscription.renewed subscription={} until={} by=\"{}\"", s.id(), requested, caller.dn());
        return renewed;
    }

    /** Ends the subscription: no further notifications are sent to its consumer. */
    public void unsubscribe(GridIdentity caller, String subscriptionId)
            throws SubscriptionNotFoundException, NotAuthorizedException {
        Subscription s = owned(caller, subscriptionId);
        if (!repository.delete(s.id())) {
            throw gone(subscriptionId);
        }
        LOG.info("event=subscription.ended subscription={} workspace={} by=\"{}\"", s.id(), s.workspaceId(), caller.dn());
    }

    /** The latest termination time a subscription made now may have. */
    public Instant latest() {
        return clock.instant().plus(maxLifetime);
    }

    private Subscription owned(GridIdentity caller, String id) throws SubscriptionNotFoundException, NotAuthorizedException {
        Subscription s = repository.find(id).filter(found -> found.terminationTime().isAfter(clock.instant()))
                .orElseThrow(() -> gone(id));
        if (!s.subscriberDn().equals(caller.dn()) && !adminDns.contains(caller.dn())) {
            throw new NotAuthorizedException("subscription " + id + " belongs to " + s.subscriberDn() + "; "
                    + caller.dn() + " may not change it");
        }
        return s;
    }

    private static SubscriptionNotFoundException gone(String id) {
        return new SubscriptionNotFoundException("no subscription " + id + " exists here (it may have ended: "
                + "by Unsubscribe, at its termination time, or after its workspace's end was notified)");
    }

    private void checkTermination(Instant requested, Instant now) throws SubscriptionRefusedException {
        if (!requested.isAfter(now)) {
            throw new SubscriptionRefusedException("the requested termination time " + requested
                    + " is not in the future", now, latest());
        }
        if (requested.isAfter(now.plus(maxLifetime))) {
            throw new SubscriptionRefusedException("the requested termination time " + requested
                    + " is later than this site allows (" + maxLifetime.toDays() + " days from now)", now, latest());
        }
    }

    private static void checkAddress(String address) throws SubscriptionRefusedException {
        URI uri;
        try {
            uri = address == null ? null : new URI(address);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new SubscriptionRefusedException("the ConsumerReference address '" + address
                    + "' is not an http or https URL this service can send notifications to", null, null);
        }
    }

    /** A subscription request refused: the consumer address or the termination time is unacceptable. */
    public static final class SubscriptionRefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Instant minimum;
        private final transient Instant maximum;

        SubscriptionRefusedException(String message, Instant minimum, Instant maximum) {
            super(message);
            this.minimum = minimum;
            this.maximum = maximum;
        }

        /** The earliest acceptable termination time, or null when the time was not the problem. */
        public Instant minimum() {
            return minimum;
        }

        public Instant maximum() {
            return maximum;
        }
    }

    /** No live subscription has the id. */
    public static final class SubscriptionNotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        SubscriptionNotFoundException(String message) {
            super(message);
        }
    }
}
