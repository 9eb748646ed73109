package org.agora.adapter.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.agora.adapter.hypervisor.DomainDefinition.NetworkInterface;

/**
 * The libvirt networks workspaces on this node may join (a workspace that names none joins the
 * first), and the prefix of the MACs the adapter assigns where a request gives none (null: libvirt
 * picks). Assigned MACs derive from the workspace id, so a redeployed workspace keeps its addresses
 * and the site's DHCP leases follow it.
 */
public record Networks(List<String> allowed, String macPrefix) {
    public static final Networks DEFAULT = new Networks(List.of("default"), null);

    public Networks {
        allowed = List.copyOf(allowed);
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("a node offers at least one network");
        }
        macPrefix = macPrefix == null || macPrefix.isBlank() ? null : macPrefix.strip().toLowerCase();
    }

    /**
     * A requested interface: the network it names (null: the node's first), its MAC (null: assign)
     * and the IP address the guest takes on it (null: not given; kept for readiness probes).
     */
    public record Request(String network, String mac, String ip) {
        public Request(String network, String mac) {
            this(network, mac, null);
        }
    }

    /**
     * The interfaces to give the workspace's domain.
     *
     * @throws IllegalArgumentException naming the network and the allowed ones, when a request names
     *         a network this node does not offer; or naming the address, when an Ip is no IP address
     */
    public List<NetworkInterface> plan(String workspaceId, List<Request> requested) {
        List<Request> wanted = requested.isEmpty() ? List.of(new Request(null, null)) : requested;
        List<NetworkInterface> out = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Request r = wanted.get(i);
            String network = r.network() == null || r.network().isBlank() ? allowed.get(0) : r.network().strip();
            if (!allowed.contains(network)) {
                throw new IllegalArgumentException("interface " + i + " asks for network '" + network
                        + "', which this node does not offer; it offers " + allowed);
            }
            String mac = r.mac() != null && !r.mac().isBlank() ? r.mac().strip()
                    : macPrefix == null ? null : assignedMac(workspaceId, i);
            out.add(new NetworkInterface(network, mac, r.ip()));
        }
        return out;
    }

    private String assignedMac(String workspaceId, int index) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((workspaceId + "/" + index).getBytes(StandardCharsets.UTF_8));
            return String.format("%s:%02x:%02x:%02x", macPrefix, h[0] & 0xff, h[1] & 0xff, h[2] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
