package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another site's server registers its hosts into this market over HTTPS with the agora command,
 * presenting its own host certificate (from the same test CA, as sites of one grid share CAs).
 */
class HostRegistrationCliSystemTest {
    @TempDir
    Path dir;

    @Test
    void aListedSiteRegistersHeartbeatsAndUnregistersItsHostsAndAnUnlistedOneIsRefused() throws Exception {
        Path siteDir = dir.resolve("site");
        DemoCredentials.ensure(siteDir);
        CertificateAuthority ca = CertificateAuthority.load(siteDir.resolve("ca/cacert.pem"),
                siteDir.resolve("ca/cakey.pem"));
        GridCredential otherSite = ca.issueHost("market.other-site.org", Duration.ofHours(1));
        Path otherSiteCredential = dir.resolve("other-site.pem");
        otherSite.writeProxyFile(otherSiteCredential);
        GridCredential stranger = ca.issueHost("market.stranger.org", Duration.ofHours(1));
        Path strangerCredential = dir.resolve("stranger.pem");
        stranger.writeProxyFile(strangerCredential);

        int adapterPort = FreePorts.next();
        try (AllInOne site = AllInOne.start(new AllInOne.Options(siteDir, FreePorts.next(), adapterPort,
                "test:///default", null, TestDatabases.freshName("agora_slsreg"))
                .withServerSetting("agora.market.sites", "/DC=org/DC=elsewhere/CN=host/sls.elsewhere.org, "
                        + otherSite.identity().dn())
                .withServerSetting("agora.market.interval", "1s")
                .withServerSetting("agora.market.expiry", "8s")
                .withServerSetting("agora.market.reserve", "0.25")
                .withServerSetting("agora.bank.admins", "/DC=org/DC=agora-demo/CN=Demo User"))) {
            AgoraCli user = new AgoraCli(site, dir.resolve("home"));
            String[] register = {"hosts", "register", "--proxy", otherSiteCredential.toString(), "--host",
                "wn01.other-site.org", "--site", "OTHER", "--vcpus", "8", "--memory-mib", "16384", "--hypervisor",
                "xen", "--reserve", "0.5"};

            AgoraCli.Run registered = user.run(register);
            assertEquals(0, registered.exit(), registered.err());
            assertTrue(registered.out().contains("wn01.other-site.org registered by " + otherSite.identity().dn()
                    + ", listed until"), registered.out());
            AgoraCli.Run listed = user.run("hosts", "--site", "OTHER");
            assertEquals(0, listed.exit(), listed.err());
            assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("wn01.other-site.org") && l.contains(" OTHER ")
                    && l.contains(" xen ") && l.contains("0.5")), "listed with its site, hypervisor and reserve: "
                    + listed.out());

            // The site's own node, nobody bidding on it: listed at the reserve price the site's admin set.
            String ownNode = "localhost:" + adapterPort;
            await().atMost(Duration.ofSeconds(10)).until(() -> user.run("hosts", "--site", "local").out().contains(ownNode));
            String own = user.run("hosts", "--site", "local").out().lines().filter(l -> l.startsWith(ownNode))
                    .findFirst().orElseThrow();
            assertTrue(own.matches(".*\\s0\\.25\\s+0\\s*$"), "price 0.25 (the reserve), no bids: " + own);
            // A bid of 0.01 credits/s where all the node's vCPUs sell for at least 0.25 each buys
            // 0.01 / (0.25 x vCPUs) of it, not the whole node.
            int vcpus = Integer.parseInt(own.trim().split("\\s+")[4]);
            assertEquals(0, user.run("bank", "mint", "--to", "/DC=org/DC=agora-demo/CN=Demo User", "--amount", "100").exit());
            AgoraCli.Run bid = user.run("bid", "place", "--host", ownNode, "--amount", "36", "--hours", "1");
            assertEquals(0, bid.exit(), bid.err());
            String share = bid.out().replaceAll("(?s).*share ([0-9.]+) %.*", "$1");
            assertEquals(100 * 0.01 / (0.25 * vcpus), Double.parseDouble(share), 0.051, bid.out());

            AgoraCli.Run refused = user.run("hosts", "register", "--proxy", strangerCredential.toString(), "--host",
                    "wn01.stranger.org", "--site", "STRANGER", "--vcpus", "8", "--memory-mib", "16384");
            assertEquals(1, refused.exit());
            assertTrue(refused.err().contains(stranger.identity().dn() + " may not register hosts at this market")
                    && refused.err().contains("agora.market.sites"), refused.err());
            AgoraCli.Run invalid = user.run("hosts", "register", "--proxy", otherSiteCredential.toString(), "--host",
                    "wn02.other-site.org", "--site", "OTHER", "--vcpus", "8", "--memory-mib", "16384", "--hypervisor",
                    "vmware");
            assertEquals(1, invalid.exit());
            assertTrue(invalid.err().contains("Hypervisor of wn02.other-site.org is 'vmware'; allowed: kvm or xen"),
                    invalid.err());
            AgoraCli.Run takeover = user.run("hosts", "register", "--proxy", otherSiteCredential.toString(), "--host",
                    "localhost:" + adapterPort, "--site", "OTHER", "--vcpus", "64", "--memory-mib", "16384");
            assertEquals(1, takeover.exit());
            assertTrue(takeover.err().contains("one of this site's own nodes"), takeover.err());
            AgoraCli.Run notTheirs = user.run("hosts", "unregister", "--host", "wn01.other-site.org");
            assertEquals(1, notTheirs.exit(), "the demo user is neither a site admin nor the registrant");

            AgoraCli.Run unregistered = user.run("hosts", "unregister", "--proxy", otherSiteCredential.toString(),
                    "--host", "wn01.other-site.org");
            assertEquals(0, unregistered.exit(), unregistered.err());
            assertFalse(user.run("hosts", "--site", "OTHER").out().contains("wn01.other-site.org"), "removed at once");

            // Heartbeats keep it listed; once they stop, it expires while this site's own node stays.
            String[] heartbeat = new String[register.length + 4];
            System.arraycopy(register, 0, heartbeat, 0, register.length);
            System.arraycopy(new String[] {"--every", "1", "--times", "2"}, 0, heartbeat, register.length, 4);
            AgoraCli.Run beats = user.run(heartbeat);
            assertEquals(0, beats.exit(), beats.err());
            assertEquals(2, beats.out().lines().filter(l -> l.contains("listed until")).count(), beats.out());
            assertTrue(user.run("hosts", "--site", "OTHER").out().contains("wn01.other-site.org"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !user.run("hosts", "--site", "OTHER").out().contains("wn01.other-site.org"));
            assertTrue(user.run("hosts").out().contains("localhost:" + adapterPort),
                    "the site's own node heartbeats on with the short expiry");
        }
    }
}
