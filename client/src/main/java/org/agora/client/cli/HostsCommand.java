package org.agora.client.cli;

import java.util.concurrent.Callable;
import org.agora.client.market.MarketClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agora hosts}: the hosts you can bid on, cheapest first. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "List the hosts the market's service location service knows, cheapest first: the price is "
                + "what is bid there per vCPU per second (the most CPU for the least bid at the top).")
final class HostsCommand implements Callable<Integer> {
    @ParentCommand
    AgoraCommand root;
    @Mixin
    ConnectionOptions connection;
    @Option(names = "--hypervisor", paramLabel = "kvm|xen", description = "Only hosts of this hypervisor.")
    String hypervisor;
    @Option(names = "--arch", paramLabel = "ARCH", description = "Only hosts of this architecture, e.g. x86_64.")
    String arch;
    @Option(names = "--min-memory", paramLabel = "MB", description = "Only hosts with this much memory free.")
    Long minMemory;
    @Option(names = "--site", paramLabel = "SITE", description = "Only hosts of this site.")
    String site;
    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N hosts (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.environment;
        try (MarketClient market = connection.connectMarket(env)) {
            env.out().printf("%-28s %-10s %-4s %-7s %5s %9s %14s %14s%n", "HOST", "SITE", "HV", "ARCH", "VCPUS",
                    "FREE MiB", "PRICE/VCPU/S", "BIDS/S");
            for (var h : market.hosts(hypervisor, arch, minMemory, site, limit)) {
                env.out().printf("%-28s %-10s %-4s %-7s %5d %9d %14s %14s%n", h.getHost(), h.getSite(),
                        h.getHypervisor(), h.getArch(), h.getVcpus(), h.getFreeMemoryMiB(),
                        h.getPrice().toPlainString(), h.getTotalRate().toPlainString());
            }
        } catch (MarketClient.MarketCallException e) {
            throw new CliException(e.getMessage());
        }
        return 0;
    }
}
