package org.agora.client.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.agora.client.market.MarketClient;
import org.agora.contract.market.BidType;
import org.agora.transport.client.SameIdRetry;
import org.agora.transport.client.ServiceCallException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code agora bid}: place, adjust, top up, cancel and show bids for CPU on a host. */
@Command(name = "bid", mixinStandardHelpOptions = true,
        description = "Bid credits for CPU on a host. A bid holds AMOUNT credits until its window ends and is charged "
                + "as time passes; your share of the host is your bid's rate over all rates there.")
@Subcommands({BidCommand.Place.class, BidCommand.Adjust.class, BidCommand.TopUp.class, BidCommand.Cancel.class,
        BidCommand.Show.class})
final class BidCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    AgoraCommand root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to do: place, adjust, topup, cancel or show (see 'agora bid --help')");
    }

    static void print(BidType b, CliEnvironment env) {
        env.out().printf("%s  %s on %s  escrowed %s  charged %s  until %s  rate %s/s  share %.1f %%%n", b.getBidId(),
                b.getState(), b.getHost(), b.getEscrowed().stripTrailingZeros().toPlainString(),
                b.getCharged().stripTrailingZeros().toPlainString(), WorkspaceCommand.time(b.getWindowEnd()),
                b.getRate().toPlainString(), b.getShare() * 100);
    }

    static Instant hoursFromNow(double hours) throws CliException {
        if (hours <= 0) {
            throw new CliException("--hours must be positive, e.g. --hours 2");
        }
        return Instant.now().plus(Duration.ofSeconds(Math.round(hours * 3600)));
    }

    /** A bid command: connects to the market and acts. */
    abstract static class OnMarket implements Callable<Integer> {
        @ParentCommand
        BidCommand bid;
        @Mixin
        ConnectionOptions connection;

        abstract BidType act(MarketClient market) throws Exception;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = bid.root.environment;
            try (MarketClient market = connection.connectMarket(env)) {
                print(act(market), env);
            } catch (ServiceCallException e) {
                throw new CliException(e.getMessage(), e);
            }
            return 0;
        }
    }

    @Command(name = "place", mixinStandardHelpOptions = true, description = "Place a bid on a host.")
    static final class Place extends OnMarket {
        @Option(names = "--host", required = true, paramLabel = "HOST", description = "A host from 'agora hosts'.")
        String host;
        @Option(names = "--amount", required = true, paramLabel = "CREDITS", description = "Credits to hold for the bid.")
        String amount;
        @Option(names = "--hours", required = true, paramLabel = "H", description = "The bid's window, from now.")
        double hours;
        @Option(names = "--workspace", paramLabel = "ID", description = "The workspace whose CPU share the bid buys.")
        String workspace;
        @Option(names = "--id", paramLabel = "ID", description = "Bid id (default: a new random one); placing the "
                + "same id again places nothing more. When no answer comes, the bid is sent again with its id; if "
                + "none ever comes, the command prints the id and the command that retries it safely.")
        String id;
        @Spec
        CommandSpec spec;

        @Override
        BidType act(MarketClient market) throws Exception {
            // Chosen once: every attempt sends the same id, so the credits are escrowed once.
            String bidId = id != null ? id : "bid-" + UUID.randomUUID();
            java.math.BigDecimal credits = BankCommand.amount(amount);
            Instant windowEnd = hoursFromNow(hours);
            return ResentById.send(bid.root.environment, spec, SameIdRetry.DEFAULT, "bid", bidId, id != null,
                    ServiceCallException.class, ServiceCallException::worthRetrying,
                    () -> market.place(bidId, host, credits, windowEnd, workspace));
        }
    }

    @Command(name = "adjust", mixinStandardHelpOptions = true,
            description = "Move a bid's window end: a longer window lowers its rate, a shorter one raises it; no "
                    + "credits move.")
    static final class Adjust extends OnMarket {
        @Parameters(paramLabel = "BID") String bidId;
        @Option(names = "--hours", required = true, paramLabel = "H", description = "The window's new end, from now.")
        double hours;

        @Override
        BidType act(MarketClient market) throws Exception {
            return market.adjust(bidId, hoursFromNow(hours));
        }
    }

    @Command(name = "topup", mixinStandardHelpOptions = true, description = "Add credits to a bid.")
    static final class TopUp extends OnMarket {
        @Parameters(paramLabel = "BID") String bidId;
        @Option(names = "--amount", required = true, paramLabel = "CREDITS", description = "Credits to add.")
        String amount;
        @Option(names = "--id", paramLabel = "ID", description = "Transfer id (default: a new random one).")
        String transferId;

        @Override
        BidType act(MarketClient market) throws Exception {
            return market.topUp(bidId, transferId != null ? transferId : UUID.randomUUID().toString(),
                    BankCommand.amount(amount));
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "End a bid now: what is due is charged, the rest returns to your account.")
    static final class Cancel extends OnMarket {
        @Parameters(paramLabel = "BID") String bidId;

        @Override
        BidType act(MarketClient market) throws Exception {
            return market.cancel(bidId);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a bid: escrow, charges, rate, share.")
    static final class Show extends OnMarket {
        @Parameters(paramLabel = "BID") String bidId;

        @Override
        BidType act(MarketClient market) throws Exception {
            return market.show(bidId);
        }
    }
}
