package org.agora.adapter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.agora.adapter.hypervisor.DomainDefinition.NetworkInterface;
import org.junit.jupiter.api.Test;

class NetworksTest {
    private final Networks site = new Networks(List.of("public", "storage"), "00:16:3E");

    @Test
    void aWorkspaceThatNamesNoNetworkJoinsTheFirstWithAnAddressUnderTheSitePrefix() {
        List<NetworkInterface> nics = site.plan("ws-1", List.of());
        assertEquals(1, nics.size());
        assertEquals("public", nics.get(0).network());
        assertTrue(nics.get(0).mac().matches("00:16:3e(:[0-9a-f]{2}){3}"), nics.get(0).mac());
    }

    @Test
    void assignedAddressesSurviveARedeployAndDifferBetweenInterfaces() {
        List<Networks.Request> two = List.of(new Networks.Request("public", null), new Networks.Request("storage", null));
        List<NetworkInterface> first = site.plan("ws-1", two);
        assertEquals(first, site.plan("ws-1", two));
        assertNotEquals(first.get(0).mac(), first.get(1).mac());
        assertNotEquals(first.get(0).mac(), site.plan("ws-2", two).get(0).mac());
    }

    @Test
    void aRequestedMacIsKeptAndWithoutAPrefixLibvirtPicks() {
        assertEquals("52:54:00:aa:bb:cc",
                site.plan("ws-1", List.of(new Networks.Request(null, "52:54:00:aa:bb:cc"))).get(0).mac());
        assertNull(Networks.DEFAULT.plan("ws-1", List.of()).get(0).mac());
    }

    @Test
    void aNetworkTheNodeDoesNotOfferIsRefusedNamingThoseItDoes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> site.plan("ws-1", List.of(new Networks.Request("default", null))));
        assertTrue(e.getMessage().contains("'default'") && e.getMessage().contains("[public, storage]"), e.getMessage());
    }
}
