package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The market from the command line: the site's node listed by the SLS, bids and their shares. */
class MarketCliSystemTest {
    private static final String USER = "/DC=org/DC=agora-demo/CN=Demo User";

    @TempDir
    Path dir;

    @Test
    void hostsAreListedAndBidsShareTheHostInProportionToTheirRates() throws Exception {
        int adapterPort = FreePorts.next();
        try (AllInOne site = startMarketSite(adapterPort)) {
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            String node = awaitListed(cli, adapterPort);
            assertTrue(cli.run("hosts", "--hypervisor", "xen").out().lines().count() == 1, "only the header: no Xen host");
            // The documented spelling: --sort price (what the SLS ranks by) and --filter KEY=VALUE.
            assertTrue(cli.run("hosts", "--sort", "price", "--filter", "hypervisor=xen").out().lines().count() == 1,
                    "--filter hypervisor=xen: only the header");
            AgoraCli.Run kvm = cli.run("hosts", "--sort", "price", "--filter", "hypervisor=kvm", "--filter", "site=local");
            assertEquals(0, kvm.exit(), kvm.err());
            assertTrue(kvm.out().contains(node), kvm.out());

            assertEquals(0, cli.run("bank", "mint", "--to", USER, "--amount", "200").exit());
            AgoraCli.Run first = cli.run("bid", "place", "--host", node, "--amount", "36", "--hours", "1", "--id", "b1");
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().contains("share 100.0 %"), first.out());
            AgoraCli.Run second = cli.run("bid", "place", "--host", node, "--amount", "108", "--hours", "1", "--id", "b2");
            assertEquals(0, second.exit(), second.err());
            assertTrue(second.out().contains("share 75.0 %"), "three times the rate, three quarters: " + second.out());

            // Doubling b1's window halves its rate: 1 : 6 now.
            AgoraCli.Run adjusted = cli.run("bid", "adjust", "b1", "--hours", "2");
            assertEquals(0, adjusted.exit(), adjusted.err());
            assertTrue(adjusted.out().contains("share 14.3 %"), adjusted.out());

            AgoraCli.Run someoneElse = cli.run("bid", "place", "--host", "nowhere:1", "--amount", "1", "--hours", "1");
            assertEquals(1, someoneElse.exit());
            assertTrue(someoneElse.err().contains("not listed"), someoneElse.err());
            AgoraCli.Run poor = cli.run("bid", "place", "--host", node, "--amount", "1000", "--hours", "1");
            assertEquals(1, poor.exit());
            assertTrue(poor.err().contains("cannot be moved"), poor.err());

            assertEquals(0, cli.run("bid", "cancel", "b1").exit());
            AgoraCli.Run cancelled = cli.run("bid", "cancel", "b2");
            assertTrue(cancelled.out().contains("Ended"), cancelled.out());
            String balance = cli.run("bank", "balance").out();
            BigDecimal left = new BigDecimal(balance.substring(0, balance.indexOf(' ')));
            assertTrue(left.compareTo(new BigDecimal("199")) > 0 && left.compareTo(new BigDecimal("200")) < 0,
                    "a few seconds of CPU were charged, the rest came back: " + balance);
        }
    }

    @Test
    void bidsTiedToWorkspacesBecomeSchedulerWeightsInTheirRatio() throws Exception {
        int adapterPort = FreePorts.next();
        // Caps on: the test driver has no caps, so its node must still apply the weights, and say so.
        try (org.agora.adapter.hypervisor.LibvirtHypervisor admin =
                     org.agora.adapter.hypervisor.LibvirtHypervisor.connect("test:///default");
             AllInOne site = startMarketSite(adapterPort, true)) {
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            String node = awaitListed(cli, adapterPort);
            assertEquals(0, cli.run("bank", "mint", "--to", USER, "--amount", "500").exit());
            String[] ids = new String[2];
            for (int i = 0; i < 2; i++) {
                AgoraCli.Run created = cli.run("workspace", "create", "--image", "debian-12", "--memory", "256",
                        "--hours", "1", "--wait");
                assertEquals(0, created.exit(), created.err());
                ids[i] = created.out().split("\\s+")[1];
            }
            assertEquals(0, cli.run("bid", "place", "--host", node, "--amount", "10", "--hours", "1",
                    "--workspace", ids[0]).exit());
            assertEquals(0, cli.run("bid", "place", "--host", node, "--amount", "30", "--hours", "1",
                    "--workspace", ids[1]).exit());
            // What the adapter received, as it reports it beside what libvirt applied (the test driver keeps
            // no scheduler and always answers 50; a real QEMU node reads its cpu_shares back).
            await().atMost(Duration.ofSeconds(10)).until(() -> requested(site, ids[1]) != null
                    && requested(site, ids[0]) != null);
            assertEquals(262_144, requested(site, ids[1]), "the highest rate gets the top of KVM's cpu_shares range");
            assertEquals(1.0 / 3, (double) requested(site, ids[0]) / requested(site, ids[1]), 1e-4,
                    "weights in the ratio of the bids' rates");
            assertEquals(50, admin.cpuWeight(ids[0]), "libvirt's test driver reports its fixed weight");
        }
    }

    @Test
    void aWorkspaceCreatedWithABidPaysWhileItRunsAndGetsTheRestBackWhenDestroyed() throws Exception {
        int adapterPort = FreePorts.next();
        try (AllInOne site = startMarketSite(adapterPort)) {
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));
            String node = awaitListed(cli, adapterPort);
            assertEquals(0, cli.run("bank", "mint", "--to", USER, "--amount", "100").exit());

            AgoraCli.Run tooMuch = cli.run("workspace", "create", "--image", "debian-12", "--memory", "256", "--hours",
                    "1", "--bid", "1000");
            assertEquals(1, tooMuch.exit());
            assertTrue(tooMuch.err().contains("the market refused the bid"), tooMuch.err());
            assertTrue(cli.run("workspace", "list").out().startsWith("no live workspaces"), "a refused bid creates nothing");

            AgoraCli.Run created = cli.run("workspace", "create", "--image", "debian-12", "--memory", "256", "--hours",
                    "1", "--bid", "36", "--wait");
            assertEquals(0, created.exit(), created.err());
            String id = created.out().split("\\s+")[1];
            AgoraCli.Run bid = cli.run("bid", "show", "ws:" + id);
            assertTrue(bid.out().contains("Active on " + node) && bid.out().contains("share 100.0 %"), bid.out());
            assertTrue(cli.run("bank", "balance").out().startsWith("64 credits"), "36 held in escrow");

            assertEquals(0, cli.run("workspace", "destroy", "ws-001").exit());
            await().atMost(Duration.ofSeconds(10)).until(() -> cli.run("bid", "show", "ws:" + id).out().contains("Ended"));
            String balance = cli.run("bank", "balance").out();
            BigDecimal left = new BigDecimal(balance.substring(0, balance.indexOf(' ')));
            assertTrue(left.compareTo(new BigDecimal("99.9")) > 0 && left.compareTo(new BigDecimal("100")) < 0,
                    "seconds of CPU charged, the rest returned: " + balance);

            // Accounting: the ended workspace, with what its bid cost, in both export formats.
            AgoraCli.Run apel = cli.run("usage", "export", "--format", "apel");
            assertEquals(0, apel.exit(), apel.err());
            assertTrue(apel.out().startsWith("APEL-cloud-message: v0.4") && apel.out().contains("VMUUID: " + id)
                    && apel.out().contains("Status: completed") && apel.out().contains("GlobalUserName: " + USER),
                    apel.out());
            AgoraCli.Run ur = cli.run("usage", "export", "--format", "ur");
            assertTrue(ur.out().contains("<urf:LocalJobId>" + id + "</urf:LocalJobId>") && ur.out().contains("<urf:Charge>"),
                    ur.out());
            String charged = ur.out().replaceAll("(?s).*<urf:Charge>([^<]*)</urf:Charge>.*", "$1");
            assertEquals(0, new BigDecimal("100").subtract(left).compareTo(new BigDecimal(charged)),
                    "the record's charge is what left the account: " + charged + " vs " + balance);
            AgoraCli.Run bad = cli.run("usage", "export", "--format", "csv");
            assertEquals(1, bad.exit());
            assertTrue(bad.err().contains("ur (OGF Usage Record 1.0) or apel"), bad.err());

            // The best-response agent: one round over the one listed host puts the whole budget there.
            AgoraCli.Run auto = cli.run("market", "auto", "--budget", "10", "--hours", "1", "--rounds", "1");
            assertEquals(0, auto.exit(), auto.err());
            assertTrue(auto.out().contains("round 1") && auto.out().contains(node) && auto.out().contains("100.0%"),
                    auto.out());
            String after = cli.run("bank", "balance").out();
            BigDecimal escrowed = left.subtract(new BigDecimal(after.substring(0, after.indexOf(' '))));
            assertTrue(escrowed.compareTo(new BigDecimal("9.99")) > 0 && escrowed.compareTo(new BigDecimal("10")) <= 0,
                    "the budget went into the bid: " + escrowed);
        }
    }

    /** A site whose demo user may mint, charging and heartbeating every 200 ms. */
    private AllInOne startMarketSite(int adapterPort) throws Exception {
        return startMarketSite(adapterPort, false);
    }

    private AllInOne startMarketSite(int adapterPort, boolean caps) throws Exception {
        return AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), adapterPort,
                "test:///default", null, TestDatabases.freshName("agora_mkt"))
                .withServerSetting("agora.bank.admins", USER)
                .withServerSetting("agora.market.interval", "PT0.2S")
                .withServerSetting("agora.market.caps", Boolean.toString(caps)));
    }

    /** Waits until the site's node is listed by the SLS; returns its name. */
    private static String awaitListed(AgoraCli cli, int adapterPort) {
        String node = "localhost:" + adapterPort;
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.run("hosts").out().contains(node));
        return node;
    }

    private static Integer requested(AllInOne site, String workspaceId) throws Exception {
        return site.adapter().adapter().endpoint().describeNode(new org.agora.contract.node.DescribeNode()).getDomain()
                .stream().filter(d -> d.getWorkspaceId().equals(workspaceId)).findFirst()
                .map(org.agora.contract.node.DomainStatusType::getRequestedCpuWeight).orElse(null);
    }
}
