package org.agora.workspace.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.agora.security.identity.GridIdentity;
import org.agora.workspace.accounting.UsageRecord;
import org.agora.workspace.model.Usage;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.agora.workspace.node.NodeGateway;
import org.agora.workspace.node.NodeUnavailableException;
import org.agora.workspace.persistence.WorkspaceRepository;

/**
 * What workspaces used: a caller's used and reserved time, and usage records with CPU time from
 * the nodes for live workspaces and the market's charge for those with a bid.
 */
public final class UsageRecorder {
    private final Admission admission;
    private final WorkspaceRepository repository;
    private final NodeGateway nodes;
    private final MarketAccess market;
    private final Clock clock;

    /** @param market the site's CPU market, or null where the site runs none */
    public UsageRecorder(Admission admission, WorkspaceRepository repository, NodeGateway nodes, MarketAccess market,
                         Clock clock) {
        this.admission = admission;
        this.repository = repository;
        this.nodes = nodes;
        this.market = market;
        this.clock = clock;
    }

    /** The caller's used and reserved time over all its workspaces here. */
    public Usage usage(GridIdentity caller) throws NotAuthorizedException {
        admission.admit(caller);
        return Usage.of(repository.allOf(caller.dn()), repository::history, clock.instant());
    }

    /**
     * Usage records of the caller's workspaces created in [from, to) — everyone's for a site admin —
     * with CPU time from the nodes for live ones and the market charge for those with a bid.
     */
    public List<UsageRecord> usageRecords(GridIdentity caller, Instant from, Instant to) throws NotAuthorizedException {
        admission.admit(caller);
        List<Workspace> all = admission.isAdmin(caller) ? repository.createdBetween(null, from, to)
                : repository.createdBetween(caller.dn(), from, to);
        Instant now = clock.instant();
        List<UsageRecord> records = new ArrayList<>();
        for (Workspace w : all) {
            records.add(UsageRecord.of(w, repository.history(w.id()), now, cpuSeconds(w).orElse(w.lastCpuSeconds()),
                    market == null ? null : market.charged(w.id()).orElse(null)));
        }
        return records;
    }

    /** CPU seconds the workspace's guest has used, from its node; empty when the node cannot say. */
    private Optional<Double> cpuSeconds(Workspace w) {
        if (w.node() == null || w.state() == WorkspaceState.UNPROPAGATED || w.state().isTerminal()) {
            return Optional.empty();
        }
        try {
            return nodes.cpuSeconds(w.node(), w.id());
        } catch (NodeUnavailableException e) {
            return Optional.empty();
        }
    }
}
