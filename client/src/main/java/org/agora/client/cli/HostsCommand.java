package org.agora.client.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.agora.client.market.MarketClient;
import org.agora.contract.market.RegisterHostResponse;
import org.agora.transport.client.ServiceCallException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agora hosts}: the hosts you can bid on, cheapest first; and sites registering theirs. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "List the hosts the market's service location service knows, cheapest first: the price is "
                + "what is bid there per vCPU per second (the most CPU for the least bid at the top). "
                + "Sites add their hosts with 'agora hosts register'.")
@Subcommands({HostsCommand.Register.class, HostsCommand.Unregister.class})
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
    @Option(names = "--sort", defaultValue = "price", paramLabel = "price",
            description = "Order of the list: price, cheapest first, the order the service location service ranks "
                    + "hosts in (the default).")
    String sort;
    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Only matching hosts, repeatable: "
            + "hypervisor=kvm|xen, arch=ARCH, min-memory=MB, site=SITE (the same as the options of those names).")
    Map<String, String> filters = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.environment;
        if (!"price".equals(sort)) {
            throw new CliException("--sort " + sort + ": the service location service ranks hosts by price only "
                    + "(--sort price, the default); narrow the list with --filter, e.g. --filter min-memory=4096");
        }
        applyFilters();
        try (MarketClient market = connection.connectMarket(env)) {
            env.out().printf("%-28s %-10s %-4s %-7s %5s %9s %14s %14s%n", "HOST", "SITE", "HV", "ARCH", "VCPUS",
                    "FREE MiB", "PRICE/VCPU/S", "BIDS/S");
            for (var h : market.hosts(hypervisor, arch, minMemory, site, limit)) {
                env.out().printf("%-28s %-10s %-4s %-7s %5d %9d %14s %14s%n", h.getHost(), h.getSite(),
                        h.getHypervisor(), h.getArch(), h.getVcpus(), h.getFreeMemoryMiB(),
                        h.getPrice().toPlainString(), h.getTotalRate().toPlainString());
            }
        } catch (ServiceCallException e) {
            throw new CliException(e.getMessage(), e);
        }
        return 0;
    }

    /** Folds each --filter into the option of its name, refusing unknown keys and contradictions. */
    private void applyFilters() throws CliException {
        for (Map.Entry<String, String> f : filters.entrySet()) {
            String value = f.getValue();
            switch (f.getKey()) {
                case "hypervisor" -> hypervisor = same("hypervisor", hypervisor, value);
                case "arch" -> arch = same("arch", arch, value);
                case "site" -> site = same("site", site, value);
                case "min-memory" -> {
                    if (!value.matches("\\d{1,18}")) {
                        throw new CliException("--filter min-memory=" + value + ": give megabytes, e.g. min-memory=4096");
                    }
                    minMemory = Long.valueOf(same("min-memory", minMemory == null ? null : minMemory.toString(),
                            Long.toString(Long.parseLong(value))));
                }
                default -> throw new CliException("--filter " + f.getKey() + "=" + value + ": unknown filter; the "
                        + "filters are hypervisor, arch, min-memory and site, e.g. --filter hypervisor=kvm");
            }
        }
    }

    private static String same(String key, String option, String filter) throws CliException {
        if (option != null && !option.equals(filter)) {
            throw new CliException("--" + key + " " + option + " and --filter " + key + "=" + filter
                    + " disagree; give one of them");
        }
        return filter;
    }

    /** Says what to do about a refusal, by the fault's reason. */
    static CliException refused(ServiceCallException e) {
        String hint = switch (e.reason() == null ? "" : e.reason()) {
            case "NotAuthorized" -> " (register with your site server's host credential, --proxy FILE, once the "
                    + "market's admin has listed its DN in agora.market.sites)";
            case "HostTaken" -> " (choose another --host name, e.g. its fully qualified name)";
            default -> "";
        };
        return new CliException(e.getMessage() + hint);
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register one of your site's hosts with this market's service location service, so users "
                    + "of this market can bid on it; registering it again refreshes it (the heartbeat). The entry "
                    + "expires when it is not refreshed in time: use --every to keep it listed.",
                "Allowed to the market's site admins and to the servers of the sites it lists in "
                    + "agora.market.sites; present your site server's credential with --proxy."},
            footer = {"", "Example: agora hosts register --host wn01.cern.ch --site CERN --vcpus 16 --memory-mib 65536 "
                    + "--every 20 --proxy /etc/grid-security/hostproxy.pem"})
    static final class Register implements Callable<Integer> {
        @ParentCommand
        HostsCommand hosts;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--host", required = true, paramLabel = "HOST", description = "The host's name, e.g. its fully "
                + "qualified name (letters, digits, '.', '-', '_', ':').")
        String host;
        @Option(names = "--site", required = true, paramLabel = "SITE", description = "Your site's name, as 'agora "
                + "hosts --site' filters it.")
        String site;
        @Option(names = "--vcpus", required = true, paramLabel = "N", description = "Virtual CPUs the host offers (1 to 4096).")
        int vcpus;
        @Option(names = "--memory-mib", required = true, paramLabel = "MIB", description = "Memory the host offers, MiB.")
        long memoryMiB;
        @Option(names = "--free-memory-mib", paramLabel = "MIB", description = "Memory free now, MiB (default: all of "
                + "--memory-mib).")
        Long freeMemoryMiB;
        @Option(names = "--hypervisor", defaultValue = "kvm", paramLabel = "kvm|xen",
                description = "The host's hypervisor (default ${DEFAULT-VALUE}).")
        String hypervisor;
        @Option(names = "--arch", defaultValue = "x86_64", paramLabel = "ARCH",
                description = "The host's architecture as uname -m prints it (default ${DEFAULT-VALUE}).")
        String arch;
        @Option(names = "--reserve", paramLabel = "PRICE", description = "Least credits per second per vCPU you "
                + "accept: the price the host shows while nobody bids more (default 0).")
        BigDecimal reserve;
        @Option(names = "--owner", paramLabel = "DN", description = "Grid DN whose account bids on the host pay "
                + "(default: the DN you register with).")
        String owner;
        @Option(names = "--node-url", paramLabel = "URL", description = "The host's node service URL, if your site runs one.")
        String nodeUrl;
        @Option(names = "--every", paramLabel = "SECONDS", description = "Register again every SECONDS, printing "
                + "each expiry, until interrupted (Ctrl-C). Choose well under the expiry the market answers.")
        Integer every;
        @Option(names = "--times", paramLabel = "N", description = "With --every: stop after N registrations.")
        Integer times;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = hosts.root.environment;
            if (every != null && every < 1) {
                throw new CliException("--every must be at least 1 second, e.g. --every 20");
            }
            if (times != null && (times < 1 || every == null)) {
                throw new CliException("--times N needs --every and N of at least 1, e.g. --every 20 --times 3");
            }
            MarketClient.HostDescription d = new MarketClient.HostDescription(host, site, vcpus, memoryMiB,
                    freeMemoryMiB, hypervisor, arch, reserve, owner, nodeUrl);
            try (MarketClient market = connection.connectMarket(env)) {
                for (int n = 1; ; n++) {
                    RegisterHostResponse r;
                    try {
                        r = market.register(d);
                    } catch (ServiceCallException e) {
                        if (every == null || !e.isTransportFailure()) {
                            throw refused(e);
                        }
                        // A market that does not answer now may answer at the next beat; the entry may
                        // still be listed until its expiry.
                        env.err().println("agora: " + e.getMessage() + "; trying again in " + every + " s");
                        env.err().flush();
                        r = null;
                    }
                    if (r != null) {
                        Instant expires = r.getExpires().toGregorianCalendar().toInstant();
                        Instant now = r.getCurrentTime().toGregorianCalendar().toInstant();
                        env.out().printf("%s registered by %s, listed until %s%n", r.getHost(), r.getRegisteredBy(),
                                WorkspaceCommand.time(r.getExpires()));
                        env.out().flush();
                        long lives = Duration.between(now, expires).toSeconds();
                        if (every != null && every >= lives) {
                            env.err().printf("agora: warning: --every %d is not shorter than the %d s the entry lives; "
                                    + "it will drop out between heartbeats: use --every %d or less%n", every, lives,
                                    Math.max(1, lives / 2));
                            env.err().flush();
                        }
                    }
                    if (every == null || (times != null && n >= times)) {
                        return 0;
                    }
                    try {
                        Thread.sleep(every * 1000L);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return 0;
                    }
                }
            }
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true,
            description = "Remove a host you registered from this market's service location service now (instead of "
                    + "letting its entry expire). Only the DN that registered it, or a site admin, may.")
    static final class Unregister implements Callable<Integer> {
        @ParentCommand
        HostsCommand hosts;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--host", required = true, paramLabel = "HOST", description = "The host to remove.")
        String host;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = hosts.root.environment;
            try (MarketClient market = connection.connectMarket(env)) {
                market.unregister(host);
                env.out().println(host + " unregistered");
            } catch (ServiceCallException e) {
                throw refused(e);
            }
            return 0;
        }
    }
}
