package org.agora.client.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.agora.client.market.BestResponse;
import org.agora.client.market.MarketClient;
import org.agora.contract.market.BidType;
import org.agora.contract.market.HostType;
import org.agora.transport.client.ServiceCallException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agora market auto}: spends a budget over a time horizon with the best response to the
 * others' bids, re-bidding each round as prices move, and prints a table of hosts, bids, shares and
 * spend.
 */
@Command(name = "market", mixinStandardHelpOptions = true, description = "Automatic bidding.")
@Subcommands({MarketAutoCommand.Auto.class})
final class MarketAutoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    AgoraCommand root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: auto (see 'agora market --help')");
    }

    @Command(name = "auto", mixinStandardHelpOptions = true,
            description = "Spread BUDGET credits over the next H hours across the listed hosts so as to get the most "
                    + "CPU (the best response to everyone else's bids), and re-bid every --every seconds as prices "
                    + "move. Each round prints hosts, your rate, your share and what you spent.")
    static final class Auto implements Callable<Integer> {
        @ParentCommand
        MarketAutoCommand parent;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--budget", required = true, paramLabel = "CREDITS", description = "Credits to spend in all.")
        String budget;
        @Option(names = "--hours", required = true, paramLabel = "H", description = "Over how long.")
        double hours;
        @Option(names = "--hosts", defaultValue = "50", paramLabel = "N", description = "Consider the N cheapest hosts.")
        int hostCount;
        @Option(names = "--every", defaultValue = "60", paramLabel = "SECONDS", description = "Re-bid interval.")
        int every;
        @Option(names = "--rounds", paramLabel = "N", description = "Stop after N rounds (default: until the horizon).")
        Integer rounds;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = parent.root.environment;
            BigDecimal total = BankCommand.amount(budget);
            if (hours <= 0 || every < 1) {
                throw new CliException("--hours must be positive and --every at least 1 second");
            }
            Instant end = Instant.now().plus(Duration.ofSeconds(Math.round(hours * 3600)));
            String run = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> bidOfHost = new HashMap<>();
            BigDecimal spent = BigDecimal.ZERO;
            try (MarketClient market = connection.connectMarket(env)) {
                for (int round = 1; rounds == null || round <= rounds; round++) {
                    Instant now = Instant.now();
                    if (!now.isBefore(end)) {
                        break;
                    }
                    // What is left to spend: the budget less what the ended bids were charged.
                    BigDecimal left = total.subtract(spent);
                    for (String bidId : bidOfHost.values()) {
                        BidType ended = market.cancel(bidId);
                        spent = spent.add(ended.getCharged());
                        left = total.subtract(spent);
                    }
                    bidOfHost.clear();
                    List<HostType> hosts = market.hosts(null, null, null, null, hostCount);
                    if (hosts.isEmpty() || left.signum() <= 0) {
                        env.out().println("no hosts listed, or the budget is spent; stopping");
                        break;
                    }
                    double seconds = Duration.between(now, end).toMillis() / 1000.0;
                    double rate = left.doubleValue() / seconds;
                    double[] others = new double[hosts.size()];
                    double[] values = new double[hosts.size()];
                    for (int j = 0; j < hosts.size(); j++) {
                        HostType h = hosts.get(j);
                        others[j] = Math.max(h.getTotalRate().doubleValue(),
                                Math.max(h.getReserveRate().doubleValue() * h.getVcpus(), 1e-6));
                        values[j] = h.getVcpus();
                    }
                    double[] bids = BestResponse.bids(rate, others, values);
                    env.out().printf("round %d: %s credits left over %.0f s (%.6f/s)%n", round,
                            left.stripTrailingZeros().toPlainString(), seconds, rate);
                    env.out().printf("  %-28s %6s %14s %14s %8s%n", "HOST", "VCPUS", "OTHERS/S", "MY RATE/S", "SHARE");
                    for (int j = 0; j < hosts.size(); j++) {
                        if (bids[j] <= 0) {
                            continue;
                        }
                        BigDecimal amount = BigDecimal.valueOf(bids[j] * seconds).setScale(6, RoundingMode.DOWN);
                        if (amount.signum() <= 0) {
                            continue;
                        }
                        String bidId = "auto-" + run + "-" + round + "-" + j;
                        BidType placed = market.place(bidId, hosts.get(j).getHost(), amount, end, null);
                        bidOfHost.put(hosts.get(j).getHost(), bidId);
                        env.out().printf("  %-28s %6d %14.6f %14.6f %7.1f%%%n", hosts.get(j).getHost(),
                                hosts.get(j).getVcpus(), others[j], placed.getRate().doubleValue(),
                                placed.getShare() * 100);
                    }
                    env.out().printf("  spent so far: %s credits%n", spent.stripTrailingZeros().toPlainString());
                    env.out().flush();
                    if (rounds != null && round == rounds) {
                        break;
                    }
                    Thread.sleep(every * 1000L);
                }
            } catch (ServiceCallException e) {
                throw new CliException(e.getMessage(), e);
            }
            return 0;
        }
    }
}
