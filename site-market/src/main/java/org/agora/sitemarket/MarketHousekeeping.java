package org.agora.sitemarket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.market.auction.SchedulerWeights;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.sls.HostRegistration;
import org.agora.market.sls.ServiceLocation;
import org.agora.workspace.node.NodeLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market's clockwork in the server: at every interval, this site's nodes heartbeat into the
 * SLS (so they are listed while they answer), every active bid is charged what it owes, and each
 * node is given its workspaces' CPU weights. With several replicas: heartbeats are upserts; a charge
 * writes its bid's row (on one server under the row's lock, on Galera a second replica charging the
 * same bid is aborted at certification and its retry finds nothing due), so each interval is charged
 * once; weights are pushed to a node only by the replica holding that node's {@link NodeLease}.
 */
public final class MarketHousekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketHousekeeping.class);

    private final ScheduledExecutorService timer;

    private final boolean caps;
    private final Credits reserve;
    private final NodeLease lease;

    /**
     * @param caps whether workspaces' shares are also pushed as hard caps ({@code agora.market.caps})
     * @param reserve the nodes' reserve price per vCPU per second ({@code agora.market.reserve})
     */
    public MarketHousekeeping(NodeScheduler nodes, ServiceLocation sls, BidBook bids, String site, String ownerDn,
                              Duration interval, Clock clock, boolean caps, Credits reserve) {
        this(nodes, sls, bids, site, ownerDn, interval, clock, caps, reserve, NodeLease.SOLE);
    }

    /**
     * As above, for one of several replicas: weights go only to the nodes whose {@code lease} it holds.
     */
    public MarketHousekeeping(NodeScheduler nodes, ServiceLocation sls, BidBook bids, String site, String ownerDn,
                              Duration interval, Clock clock, boolean caps, Credits reserve, NodeLease lease) {
        this.lease = lease;
        this.caps = caps;
        this.reserve = reserve;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "market-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            for (String node : nodes.names()) {
                nodes.capacity(node).ifPresent(c -> sls.heartbeat(new HostRegistration(node, site,
                        c.hypervisor() == null ? "kvm" : c.hypervisor(), c.arch() == null ? "x86_64" : c.arch(),
                        Math.max(1, c.vcpus()), Math.max(1, c.memoryMiB()), c.memoryMiB(), ownerDn, reserve.micros(),
                        "https://" + node + "/agora-node/Node")));
            }
            for (String node : nodes.names()) {
                if (lease.claim(node)) {
                    pushWeights(nodes, bids, node, clock);
                } else {
                    // Another replica pushes; if this one takes the node over, it pushes at once.
                    pushed.remove(node);
                }
            }
            try {
                // Listings of hosts gone quiet for a day go; a day keeps a flapping host's entry (and its name).
                int purged = sls.purgeExpiredFor(Duration.ofDays(1));
                if (purged > 0) {
                    LOG.info("event=sls.purged hosts={} reason=\"no heartbeat for a day past expiry\"", purged);
                }
            } catch (RuntimeException e) {
                LOG.warn("event=sls.purge_failed reason=\"{}\"", e.getMessage());
            }
            try {
                int charged = bids.chargeDue(clock.instant());
                if (charged > 0) {
                    LOG.debug("event=market.charged bids={}", charged);
                }
            } catch (BankException | RuntimeException e) {
                LOG.warn("event=market.charge_failed reason=\"{}\"", e.getMessage());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The weights and caps last applied per node, so a node is called when they change, and otherwise
     * once a minute (a restarted adapter, or a domain rebooted by hand, gets them again).
     */
    private final Map<String, Sent> pushed = new HashMap<>();
    private final Map<String, Instant> pushedAt = new HashMap<>();
    private static final Duration REPUSH = Duration.ofMinutes(1);

    /**
     * Turns the rates of the bids tied to workspaces on the node into scheduler weights that keep
     * their ratios (Xen credit or KVM cpu_shares range, by the node's hypervisor) and sends them.
     */
    private void pushWeights(NodeScheduler nodes, BidBook bids, String node, Clock clock) {
        Map<String, Long> rates = bids.workspaceRatesOn(node, clock.instant());
        if (rates.isEmpty()) {
            pushed.remove(node);
            return;
        }
        boolean xen = nodes.capacity(node).map(c -> "xen".equals(c.hypervisor())).orElse(false);
        Map<String, Integer> weights = xen ? SchedulerWeights.xen(rates) : SchedulerWeights.kvm(rates);
        Map<String, Integer> capsPercent = caps
                ? SchedulerWeights.caps(rates, nodes.capacity(node).map(c -> Math.max(1, c.vcpus())).orElse(1),
                        reserve.micros())
                : Map.of();
        Instant now = clock.instant();
        Sent sending = new Sent(weights, capsPercent);
        if (sending.equals(pushed.get(node)) && pushedAt.get(node).plus(REPUSH).isAfter(now)) {
            return;
        }
        try {
            Map<String, Integer> applied = nodes.setCpuWeights(node, weights, capsPercent);
            // A workspace the node could not weigh yet (its bid placed as it was created, before its
            // domain was defined) is asked again at the next interval, not a minute later.
            if (applied.keySet().containsAll(weights.keySet())) {
                pushed.put(node, sending);
                pushedAt.put(node, now);
            } else {
                pushed.remove(node);
            }
            LOG.info("event=market.weights_pushed node={} asked={} applied={} caps_percent={}", node, weights, applied,
                    capsPercent);
        } catch (NodeUnreachableException e) {
            LOG.warn("event=market.weights_failed node={} reason=\"{}\"", node, e.getMessage());
        }
    }

    private record Sent(Map<String, Integer> weights, Map<String, Integer> capsPercent) {
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
