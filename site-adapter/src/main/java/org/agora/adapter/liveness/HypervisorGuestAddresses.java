package org.agora.adapter.liveness;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.agora.adapter.hypervisor.Hypervisor;
import org.agora.adapter.hypervisor.HypervisorException;

/**
 * Guest addresses as the hypervisor knows them: first the address the workspace's request gave an
 * interface (the site's own plan, kept with the domain), else one the hypervisor saw the guest use
 * (an IPv4 address before IPv6; link-local addresses are skipped, as they need an interface to
 * name).
 */
public final class HypervisorGuestAddresses implements GuestAddresses {
    private final Hypervisor hypervisor;

    public HypervisorGuestAddresses(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    @Override
    public Lookup lookup(String workspaceId) {
        try {
            List<InetAddress> requested = hypervisor.requestedAddresses(workspaceId);
            if (!requested.isEmpty()) {
                return Lookup.found(requested.get(0), "the address its request gave");
            }
        } catch (HypervisorException e) {
            return Lookup.unknown("the address its request gave cannot be read: " + e.getMessage());
        }
        List<InetAddress> reported;
        try {
            reported = hypervisor.reportedAddresses(workspaceId);
        } catch (HypervisorException e) {
            return Lookup.unknown("its request gave no Ip and the hypervisor cannot tell: " + e.getMessage());
        }
        return reported.stream().filter(a -> !a.isLinkLocalAddress())
                .min((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)))
                .map(a -> Lookup.found(a, "an address libvirt saw it use"))
                .orElse(Lookup.unknown("its request gave no Ip and libvirt has seen it use no address yet"));
    }
}
