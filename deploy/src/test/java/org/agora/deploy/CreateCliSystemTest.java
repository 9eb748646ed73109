package org.agora.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.agora.adapter.hypervisor.DomainXml;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `agora workspace create` takes on the command line reaches the node as the user wrote it. */
class CreateCliSystemTest {
    @TempDir
    Path dir;

    @Test
    void anInterfaceWithItsAddressReachesTheNodeAndAMalformedOneSaysWhatToWrite() throws Exception {
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(),
                FreePorts.next(), "test:///default", null, TestDatabases.freshName("agora_cli")));
             LibvirtHypervisor admin = LibvirtHypervisor.connect("test:///default")) {
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));

            AgoraCli.Run created = cli.run("workspace", "create", "--image", "debian-12", "--memory", "256", "--hours",
                    "1", "--nic", "default,,10.1.0.7", "--wait");
            assertEquals(0, created.exit(), created.err());
            String id = created.out().split("\\s+")[1];
            // The address a network readiness probe will try, kept with the domain where a restarted adapter finds it.
            assertEquals(List.of("10.1.0.7"), DomainXml.requestedAddressesOf(admin.domainXml(id).orElseThrow()));

            AgoraCli.Run malformed = cli.run("workspace", "create", "--image", "debian-12", "--memory", "256", "--hours",
                    "1", "--nic", "default,52:54:00:aa:bb:01,10.1.0.8,extra");
            assertEquals(1, malformed.exit());
            assertTrue(malformed.err().contains("write NETWORK, NETWORK,MAC or NETWORK,MAC,IP"), malformed.err());
            assertEquals(0, cli.run("workspace", "destroy", id).exit());
        }
    }
}
