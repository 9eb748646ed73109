package org.agora.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.config.ConfigurationException;
import org.agora.market.bank.Credits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSettingsTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("agora-server.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theNodesReservePriceIsExactCreditsPerSecondAndNoneByDefault() throws Exception {
        assertEquals(Credits.ZERO, ServerSettings.SCHEMA.load(write("")).get(ServerSettings.MARKET_RESERVE));
        assertEquals(new Credits(1_000), ServerSettings.SCHEMA.load(write("agora.market.reserve = 0.001\n"))
                .get(ServerSettings.MARKET_RESERVE));
    }

    @Test
    void aReserveBelowZeroOrFinerThanAMicroCreditStopsStartUpNamingItsLine() throws Exception {
        for (String bad : new String[] {"-0.5", "0.0000001", "cheap"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> ServerSettings.SCHEMA.load(write("\nagora.market.reserve = " + bad + "\n")));
            assertTrue(e.getMessage().contains("line 2: agora.market.reserve")
                    && e.getMessage().contains("0 or more credits per second per vCPU"), e.getMessage());
        }
    }

    @Test
    void theRequestSizeAndIdleTimeoutAreBoundedByDefaultAndAnUnboundedValueStopsStartUp() throws Exception {
        var defaults = ServerSettings.SCHEMA.load(write(""));
        assertEquals(1024, defaults.get(ServerSettings.REQUEST_MAX_KIB));
        assertEquals(java.time.Duration.ofSeconds(30), defaults.get(ServerSettings.IDLE_TIMEOUT));
        for (String bad : new String[] {"agora.server.request.max.kib = 0", "agora.server.request.max.kib = 4294967297",
                "agora.server.idle.timeout = PT0S", "agora.server.idle.timeout = forever"}) {
            String key = bad.substring(0, bad.indexOf(' '));
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> ServerSettings.SCHEMA.load(write("\n" + bad + "\n")), bad);
            assertTrue(e.getMessage().contains("line 2: " + key), e.getMessage());
        }
    }

    @Test
    void trustedCesAreHostDnsNoneByDefaultAndAProxyDnStopsStartUpNamingItsLine() throws Exception {
        assertTrue(ServerSettings.SCHEMA.sample().contains("agora.server.trusted.ce"), "the sample file lists it");
        assertTrue(ServerSettings.trustedComputeElements(ServerSettings.SCHEMA.load(write(""))).isEmpty());
        var two = ServerSettings.trustedComputeElements(ServerSettings.SCHEMA.load(write(
                "agora.server.trusted.ce = /DC=org/DC=example/CN=host/ce1.example.org, "
                        + "/DC=org/DC=example/CN=host/ce2.example.org\n")));
        assertEquals(java.util.Set.of("/DC=org/DC=example/CN=host/ce1.example.org",
                "/DC=org/DC=example/CN=host/ce2.example.org"), two.hostDns());
        for (String bad : new String[] {"/DC=org/DC=example/CN=Jane/CN=1234567", "/DC=org/CN=Jane/CN=limited proxy",
                "CN=host/ce.example.org,DC=org"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> ServerSettings.SCHEMA.load(write("\nagora.server.trusted.ce = " + bad + "\n")), bad);
            assertTrue(e.getMessage().contains("line 2: agora.server.trusted.ce")
                    && e.getMessage().contains("not a proxy's"), e.getMessage());
        }
    }
}
