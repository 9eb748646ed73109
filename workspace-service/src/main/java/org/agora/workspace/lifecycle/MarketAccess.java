package org.agora.workspace.lifecycle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.security.identity.GridIdentity;

/**
 * What the workspace service needs of the site's market, for workspaces created with a bid: the
 * seam between the two services (the deployment wires the market in; a site without one passes
 * none and bids are refused).
 */
public interface MarketAccess {
    /** Of the nodes that can hold the workspace, the cheapest now, if the market lists any of them. */
    Optional<String> cheapest(List<String> candidates);

    /**
     * Escrows the caller's {@code amount} as a bid for the workspace's CPU share on {@code node}
     * until {@code until}.
     *
     * @throws BidRefusedException when the market refuses (not enough credits, host not listed)
     */
    void bid(GridIdentity caller, String workspaceId, String node, BigDecimal amount, Instant until)
            throws BidRefusedException;

    /** Ends the workspace's bid, if it has one: what is due is charged, the rest returns to the bidder. */
    void release(String workspaceId);

    /** Credits the workspace's bid was charged so far, if it had a bid. */
    Optional<BigDecimal> charged(String workspaceId);

    /** The market would not take the bid; the message says why. */
    final class BidRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public BidRefusedException(String message) {
            super(message);
        }
    }
}
