package org.agora.adapter.hypervisor;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.agora.adapter.storage.Disk;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * libvirt domain XML for a workspace. The domain is named {@code agora-<workspace id>}, but the
 * workspace id that reconciliation trusts is the one in {@code <metadata>}: names can be changed
 * by an admin with virsh, metadata travels with the domain.
 */
public final class DomainXml {
    /** Namespace of Agora's element in a domain's metadata. */
    public static final String METADATA_NS = "http://agora-grid.org/namespaces/2026/11/node/metadata";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DomainXml() {
    }

    public static String domainName(String workspaceId) {
        return "agora-" + workspaceId;
    }

    /**
     * The domain type for a connection whose capabilities were not asked: test, xen, else qemu. A
     * node's adapter asks ({@link DomainType#choose}); this is for XML written without a connection.
     */
    static String domainTypeWithoutCapabilities(String libvirtUri) {
        if (libvirtUri.startsWith("test:")) {
            return "test";
        }
        return xenFlavoured(libvirtUri) ? "xen" : "qemu";
    }

    /** Whether a connection's guests are Xen's: xen URIs, unless the site says otherwise. */
    public static boolean xenFlavoured(String libvirtUri) {
        return libvirtUri.startsWith("xen");
    }

    public static String build(DomainDefinition d, String libvirtUri, String arch) {
        return build(d, libvirtUri, arch, xenFlavoured(libvirtUri));
    }

    /** The domain XML for a connection whose capabilities were not asked (see {@link #domainTypeWithoutCapabilities}). */
    public static String build(DomainDefinition d, String libvirtUri, String arch, boolean xen) {
        return write(d, domainTypeWithoutCapabilities(libvirtUri), arch, xen);
    }

    /**
     * The domain XML with the domain type a node chose; {@code xen} chooses Xen's devices and boot (PV
     * with a kernel, xvd disks on the xen bus, credit weights) whatever the connection, so that a
     * test-driver node file can stand for a Xen host.
     */
    public static String build(DomainDefinition d, DomainType domainType, String arch, boolean xen) {
        return write(d, domainType.name(), arch, xen);
    }

    private static String write(DomainDefinition d, String type, String arch, boolean xen) {
        StringBuilder x = new StringBuilder(1024);
        x.append("<domain type='").append(type).append("'>\n");
        x.append("  <name>").append(escape(domainName(d.workspaceId()))).append("</name>\n");
        if (UUID.matcher(d.workspaceId()).matches()) {
            x.append("  <uuid>").append(d.workspaceId()).append("</uuid>\n");
        }
        x.append("  <title>").append(escape("Agora workspace " + d.workspaceId() + " (" + d.image() + ")"))
                .append("</title>\n");
        x.append("  <metadata>\n    <agora:workspace xmlns:agora='").append(METADATA_NS).append("' id='")
                .append(escape(d.workspaceId())).append("' owner='").append(escape(d.owner())).append("' image='")
                .append(escape(d.image())).append("'>\n");
        for (DomainDefinition.NetworkInterface nic : d.nics()) {
            if (nic.ip() != null) {
                x.append("      <agora:nic network='").append(escape(nic.network())).append("' ip='")
                        .append(escape(nic.ip())).append("'/>\n");
            }
        }
        x.append("    </agora:workspace>\n  </metadata>\n");
        x.append("  <memory unit='MiB'>").append(d.memoryMiB()).append("</memory>\n");
        x.append("  <vcpu>").append(d.vcpus()).append("</vcpu>\n");
        x.append("  <cputune>\n    <shares>").append(shares(xen, d.cpuWeight())).append("</shares>\n  </cputune>\n");
        String guestArch = d.arch() != null ? d.arch() : arch;
        boolean xenPv = xen && d.kernel() != null;
        x.append("  <os>\n    <type arch='").append(escape(guestArch)).append("'>").append(xenPv ? "xen" : "hvm")
                .append("</type>\n");
        if (d.kernel() != null) {
            x.append("    <kernel>").append(escape(d.kernel().toString())).append("</kernel>\n");
            if (d.initrd() != null) {
                x.append("    <initrd>").append(escape(d.initrd().toString())).append("</initrd>\n");
            }
            if (d.kernelArgs() != null) {
                x.append("    <cmdline>").append(escape(d.kernelArgs())).append("</cmdline>\n");
            }
        } else {
            x.append("    <boot dev='hd'/>\n");
        }
        x.append("  </os>\n");
        x.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n");
        for (Disk disk : d.disks()) {
            disk(x, type, xen, disk);
        }
        List<DomainDefinition.NetworkInterface> nics = d.nics().isEmpty()
                ? List.of(new DomainDefinition.NetworkInterface("default", null)) : d.nics();
        for (DomainDefinition.NetworkInterface nic : nics) {
            if (nic.userMode()) {
                x.append("    <interface type='user'>\n");
            } else {
                x.append("    <interface type='network'>\n      <source network='").append(escape(nic.network()))
                        .append("'/>\n");
            }
            if (nic.mac() != null) {
                x.append("      <mac address='").append(escape(nic.mac().toLowerCase())).append("'/>\n");
            }
            if (!"test".equals(type)) {
                x.append("      <model type='virtio'/>\n");
            }
            x.append("    </interface>\n");
        }
        if (d.consoleLog() != null && !"test".equals(type)) {
            // The guest's serial console into a file (through virtlogd), for `agora workspace console`
            // and the readiness probe.
            String log = escape(d.consoleLog().toString());
            x.append("    <serial type='file'><source path='").append(log).append("'/><target port='0'/></serial>\n");
            x.append("    <console type='file'><source path='").append(log)
                    .append("'/><target type='serial' port='0'/></console>\n");
        } else {
            x.append("    <serial type='pty'><target port='0'/></serial>\n");
            x.append("    <console type='pty'><target type='serial' port='0'/></console>\n");
        }
        x.append("  </devices>\n</domain>\n");
        return x.toString();
    }

    /**
     * One {@code <disk>}: a file or a block device (LVM), its format as the driver type, and its
     * target: {@code vda…} on virtio, or {@code xvda…} on Xen's own bus (PV guests see no virtio).
     */
    private static void disk(StringBuilder x, String type, boolean xen, Disk disk) {
        String driver = "test".equals(type) ? "test" : xen && disk.block() ? "phy" : "qemu";
        String target = xen ? "x" + disk.target() : disk.target();
        x.append("    <disk type='").append(disk.block() ? "block" : "file").append("' device='disk'>\n")
                .append("      <driver name='").append(driver).append("' type='").append(disk.format().libvirtName())
                .append("'/>\n      <source ").append(disk.block() ? "dev" : "file").append("='")
                .append(escape(disk.source().toString())).append("'/>\n      <target dev='").append(target)
                .append("' bus='").append(xen ? "xen" : "virtio").append("'/>\n    </disk>\n");
    }

    /**
     * libvirt's {@code <cputune><shares>} for a Xen-scale weight: Xen takes the weight as is; QEMU's
     * cgroup shares default to 1024 where Xen's weight defaults to 256, so the ratio is kept at 4:1.
     */
    static long shares(boolean xen, int weight) {
        return xen ? weight : weight * 4L;
    }

    /** The workspace id in a domain's Agora metadata, if it has any. */
    public static Optional<String> workspaceIdOf(String domainXml) {
        try {
            NodeList found = parse(domainXml).getElementsByTagNameNS(METADATA_NS, "workspace");
            if (found.getLength() == 0) {
                return Optional.empty();
            }
            String id = ((Element) found.item(0)).getAttribute("id");
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    /** The IP addresses the workspace's request gave its interfaces, in interface order, from the domain's metadata. */
    public static List<String> requestedAddressesOf(String domainXml) {
        try {
            NodeList nics = parse(domainXml).getElementsByTagNameNS(METADATA_NS, "nic");
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < nics.getLength(); i++) {
                String ip = ((Element) nics.item(i)).getAttribute("ip");
                if (!ip.isEmpty()) {
                    out.add(ip);
                }
            }
            return out;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return List.of();
        }
    }

    private static Document parse(String xml) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
