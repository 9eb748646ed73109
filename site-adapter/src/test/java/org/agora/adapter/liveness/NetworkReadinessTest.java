package org.agora.adapter.liveness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.node.NodeEndpoint;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DomainEventType;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.node.NicType;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.WatchDomains;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tcp readiness probe through the whole adapter on libvirt's test driver: workspaces are
 * deployed with the Ip of their interface, a real listening socket on 127.0.0.1 stands for the
 * guest's sshd, and 127.0.0.2 (also loopback, but nothing listens there) for a guest still booting.
 */
class NetworkReadinessTest {
    @TempDir
    Path dir;
    private SiteAdapter adapter;
    private NodeEndpoint node;
    private ServerSocket sshd;

    @BeforeEach
    void open() throws Exception {
        sshd = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"), new RawCopyStorage(dir),
                new Capacity(0, 0, 10_000), Duration.ofMillis(200));
        adapter.liveness().readinessProbe(new TcpConnectProbe(new HypervisorGuestAddresses(adapter.hypervisor()),
                sshd.getLocalPort(), Duration.ofMillis(500)));
        adapter.liveness().start();
        node = adapter.endpoint();
    }

    @AfterEach
    void close() throws Exception {
        adapter.close();
        sshd.close();
    }

    private String deploy(String ip) throws NodeFault {
        String id = UUID.randomUUID().toString();
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("web");
        spec.setOwner("/DC=org/CN=Jane");
        spec.setImage("debian-12");
        spec.setVcpus(1);
        spec.setMemoryMiB(128);
        spec.setDiskMiB(8);
        NicType nic = new NicType();
        nic.setNetwork("default");
        nic.setIp(ip);
        spec.getNic().add(nic);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        node.deployWorkspace(d);
        return id;
    }

    private boolean reportedReady(String id) throws NodeFault {
        GetDomainState get = new GetDomainState();
        get.setWorkspaceId(id);
        return Boolean.TRUE.equals(node.getDomainState(get).getStatus().isReady());
    }

    private List<DomainEventType> eventsOf(String id) throws NodeFault {
        WatchDomains w = new WatchDomains();
        w.setWaitSeconds(0);
        w.setAfterSequence(0L);
        return node.watchDomains(w).getEvent().stream().filter(e -> e.getWorkspaceId().equals(id)).toList();
    }

    @Test
    void aGuestAcceptingConnectionsIsReadyAndOneWhosePortIsClosedIsNot() throws Exception {
        String up = deploy("127.0.0.1");
        String booting = deploy("127.0.0.2");

        await().atMost(Duration.ofSeconds(10)).until(() -> reportedReady(up));
        String port = String.valueOf(sshd.getLocalPort());
        assertTrue(eventsOf(up).stream().anyMatch(e -> e.getCause().equals("ready: 127.0.0.1:" + port
                + " (the address its request gave) accepted a TCP connection")), eventsOf(up).toString());

        // Judged by what the probe of the booting guest said, not by how long we waited.
        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.liveness().notReadyBecause(booting)
                .filter(reason -> reason.contains("127.0.0.2:" + port)).isPresent());
        assertFalse(reportedReady(booting), "a guest whose port is closed is running but not ready");
        assertTrue(eventsOf(booting).stream().noneMatch(e -> e.getCause().startsWith("ready:")));
    }

    @Test
    void theRequestedAddressIsKeptWithTheDomainForARestartedAdapter() throws Exception {
        String id = deploy("127.0.0.1");
        try (LibvirtHypervisor restarted = LibvirtHypervisor.connect("test:///default")) {
            // A second connection to the same driver reads only what libvirt holds, as a new adapter process would.
            assertEquals(List.of(InetAddress.getByName("127.0.0.1")), restarted.requestedAddresses(id));
        }
    }

    @Test
    void aGuestWhoseRequestGaveNoIpIsLookedForWhereLibvirtSawIt() throws Exception {
        String id = deploy(null);
        // The test driver reports a made-up DHCP lease (192.168.122.x) for a running domain, as a
        // NAT network's dnsmasq would for a real guest.
        GuestAddresses.Lookup found = new HypervisorGuestAddresses(adapter.hypervisor()).lookup(id);
        assertTrue(found.isFound(), found.unknownBecause());
        assertEquals("an address libvirt saw it use", found.source());
        assertTrue(found.address().getHostAddress().startsWith("192.168.122."), found.address().toString());
    }

    @Test
    void anIpThatIsNoAddressIsRefusedAtDeploy() {
        NodeFault f = assertThrows(NodeFault.class, () -> deploy("guest.example.org"));
        assertTrue(f.getMessage().contains("Ip 'guest.example.org', which is not an IPv4 or IPv6 address"),
                f.getMessage());
    }
}
