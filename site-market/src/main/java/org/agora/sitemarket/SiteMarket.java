package org.agora.sitemarket;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.market.auction.Bid;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.sls.HostOffer;
import org.agora.market.sls.HostQuery;
import org.agora.market.sls.ServiceLocation;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.lifecycle.MarketAccess;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.persistence.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market as the workspace service sees it on this site: a workspace created with a bid gets
 * the bid {@code ws:<workspace id>} on its node; when the workspace ends or fails, the bid ends and
 * the unspent credits go back.
 */
public final class SiteMarket implements MarketAccess, WorkspaceRepository.TransitionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SiteMarket.class);

    private final ServiceLocation sls;
    private final BidBook bids;
    private final String siteOwnerDn;
    private final Clock clock;

    public SiteMarket(ServiceLocation sls, BidBook bids, String siteOwnerDn, Clock clock) {
        this.sls = sls;
        this.bids = bids;
        this.siteOwnerDn = siteOwnerDn;
        this.clock = clock;
    }

    /** The id of the bid a workspace holds. */
    public static String bidOf(String workspaceId) {
        return "ws:" + workspaceId;
    }

    @Override
    public Optional<String> cheapest(List<String> candidates) {
        return sls.query(HostQuery.cheapest(10_000)).stream().map(HostOffer::host).filter(candidates::contains)
                .findFirst();
    }

    @Override
    public void bid(GridIdentity caller, String workspaceId, String node, BigDecimal amount, Instant until)
            throws BidRefusedException {
        try {
            bids.place(bidOf(workspaceId), caller.dn(), node, sls.ownerOf(node).orElse(siteOwnerDn), workspaceId,
                    Credits.of(amount), until, clock.instant());
            LOG.info("event=market.workspace_bid workspace={} node={} amount={} until={}", workspaceId, node, amount,
                    until);
        } catch (BankException | IllegalArgumentException e) {
            throw new BidRefusedException("the market refused the bid: " + e.getMessage());
        }
    }

    @Override
    public void release(String workspaceId) {
        Optional<Bid> bid = bids.find(bidOf(workspaceId));
        if (bid.isEmpty() || bid.get().state() != Bid.State.ACTIVE) {
            return;
        }
        try {
            Bid ended = bids.cancel(bid.get().id(), clock.instant());
            LOG.info("event=market.workspace_bid_ended workspace={} charged={} returned={}", workspaceId,
                    ended.charged(), bid.get().escrowed().minus(ended.charged()));
        } catch (BankException e) {
            LOG.warn("event=market.release_failed workspace={} reason=\"{}\"", workspaceId, e.getMessage());
        }
    }

    @Override
    public Optional<BigDecimal> charged(String workspaceId) {
        return bids.find(bidOf(workspaceId)).map(b -> b.charged().toBigDecimal());
    }

    /** A workspace that ended or failed stops paying. */
    @Override
    public void transitioned(Workspace after, WorkspaceState from) {
        if (after.state().isTerminal() || after.state() == WorkspaceState.CORRUPTED) {
            release(after.id());
        }
    }
}
