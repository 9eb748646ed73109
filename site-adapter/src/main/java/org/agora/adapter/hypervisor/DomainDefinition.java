package org.agora.adapter.hypervisor;

import java.nio.file.Path;
import java.util.List;
import org.agora.adapter.storage.Disk;

/**
 * Everything the domain XML is built from, already checked by the node endpoint.
 *
 * @param disks the disks to attach, root first, as the storage back-end made them
 * @param arch the guest architecture, or null for the node's own
 * @param kernel a kernel file to boot directly (Xen PV, or KVM direct boot), or null to boot the disk
 * @param nics the interfaces; empty means one on libvirt's {@code default} network
 * @param cpuWeight relative CPU weight on the Xen credit scale (256 = default share)
 * @param defineOnly define the domain but do not start it
 * @param consoleLog the file the guest's serial console is written to, or null for a pty only
 */
public record DomainDefinition(String workspaceId, String owner, String image, int vcpus, int memoryMiB,
                               List<Disk> disks, boolean startPaused, String arch, Path kernel,
                               Path initrd, String kernelArgs, List<NetworkInterface> nics, int cpuWeight,
                               boolean defineOnly, Path consoleLog) {

    public DomainDefinition {
        disks = disks == null ? List.of() : List.copyOf(disks);
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("workspace " + workspaceId + " has no disk to attach");
        }
        nics = nics == null ? List.of() : List.copyOf(nics);
        cpuWeight = cpuWeight <= 0 ? 256 : cpuWeight;
    }

    /** A definition whose serial console is a pty only. */
    public DomainDefinition(String workspaceId, String owner, String image, int vcpus, int memoryMiB,
                            List<Disk> disks, boolean startPaused, String arch, Path kernel, Path initrd,
                            String kernelArgs, List<NetworkInterface> nics, int cpuWeight, boolean defineOnly) {
        this(workspaceId, owner, image, vcpus, memoryMiB, disks, startPaused, arch, kernel, initrd, kernelArgs, nics,
                cpuWeight, defineOnly, null);
    }

    /** A disk-booted guest with one raw root disk file, of the node's architecture on the default network. */
    public DomainDefinition(String workspaceId, String owner, String image, int vcpus, int memoryMiB, Path diskPath,
                            long diskMiB, boolean startPaused) {
        this(workspaceId, owner, image, vcpus, memoryMiB, List.of(Disk.rawRoot(diskPath)), startPaused, null, null,
                null, null, List.of(), 256, false);
    }

    /** The root disk's file or device. */
    public Path diskPath() {
        return disks.get(0).source();
    }

    /**
     * A network interface: the libvirt network it joins, its MAC (null: libvirt picks one) and the
     * IP address the request says the guest takes on it (null: none given). The network
     * {@value #USER_MODE} is QEMU's user-mode networking instead of a libvirt network: outbound
     * connections only, no bridge or firewall needed on the node.
     *
     * <p>The address configures nothing in the guest (its image or the site's DHCP does that); the
     * adapter keeps it in the domain's metadata to reach the guest by, for network readiness probes.
     */
    public record NetworkInterface(String network, String mac, String ip) {
        public static final String USER_MODE = "usermode";
        private static final java.util.regex.Pattern IPV4 =
                java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

        public NetworkInterface {
            ip = ip == null || ip.isBlank() ? null : literal(network, ip.strip()).getHostAddress();
        }

        public NetworkInterface(String network, String mac) {
            this(network, mac, null);
        }

        public boolean userMode() {
            return USER_MODE.equals(network);
        }

        /** The address as an IP literal; host names are refused, so that no DNS lookup happens on the node. */
        private static java.net.InetAddress literal(String network, String ip) {
            boolean v4 = IPV4.matcher(ip).matches();
            if (!v4 && !(ip.contains(":") && IPV6.matcher(ip).matches())) {
                throw new IllegalArgumentException("the interface on network '" + network + "' gives Ip '" + ip
                        + "', which is not an IPv4 or IPv6 address");
            }
            try {
                // A literal is parsed, never resolved.
                return java.net.InetAddress.getByName(ip);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("the interface on network '" + network + "' gives Ip '" + ip
                        + "', which is not a valid IP address: " + e.getMessage(), e);
            }
        }
    }
}
