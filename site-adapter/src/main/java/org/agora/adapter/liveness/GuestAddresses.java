package org.agora.adapter.liveness;

import java.net.InetAddress;

/**
 * Where a workspace's guest can be reached from this node, for the network readiness probes. The
 * seam between the probes and however addresses are learnt (the request, libvirt, a site's own
 * inventory).
 */
@FunctionalInterface
public interface GuestAddresses {
    /**
     * The address found, and where it came from; or no address, with the reason.
     *
     * @param source how the address was learnt ("requested", "libvirt lease"), for the adapter's log
     */
    record Lookup(InetAddress address, String source, String unknownBecause) {
        public static Lookup found(InetAddress address, String source) {
            return new Lookup(address, source, null);
        }

        public static Lookup unknown(String because) {
            return new Lookup(null, null, because);
        }

        public boolean isFound() {
            return address != null;
        }
    }

    /** Looks the guest's address up; never throws (a failed lookup is an unknown address with its reason). */
    Lookup lookup(String workspaceId);
}
