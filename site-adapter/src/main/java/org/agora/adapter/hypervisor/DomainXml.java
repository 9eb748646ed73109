package org.agora.adapter.hypervisor;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
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
    private static final String METADATA_PREFIX = "agora";
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
        StringWriter out = new StringWriter(1024);
        try {
            // The JDK's own writer, whatever StAX implementation the classpath brings.
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            write(new IndentedElements(xml), d, type, arch, xen);
            xml.close();
        } catch (XMLStreamException e) {
            // A StringWriter does not fail, and every value is written as text or attribute.
            throw new IllegalStateException("writing the domain XML of workspace " + d.workspaceId() + " failed: "
                    + e.getMessage(), e);
        }
        return out.append('\n').toString();
    }

    private static void write(IndentedElements x, DomainDefinition d, String type, String arch, boolean xen)
            throws XMLStreamException {
        x.start("domain", "type", type);
        x.leaf("name", domainName(d.workspaceId()));
        if (UUID.matcher(d.workspaceId()).matches()) {
            x.leaf("uuid", d.workspaceId());
        }
        x.leaf("title", "Agora workspace " + d.workspaceId() + " (" + d.image() + ")");
        x.start("metadata");
        x.startAgora("workspace", "id", d.workspaceId(), "owner", d.owner(), "image", d.image());
        for (DomainDefinition.NetworkInterface nic : d.nics()) {
            if (nic.ip() != null) {
                x.emptyAgora("nic", "network", nic.network(), "ip", nic.ip());
            }
        }
        x.end();
        x.end();
        x.leaf("memory", Integer.toString(d.memoryMiB()), "unit", "MiB");
        x.leaf("vcpu", Integer.toString(d.vcpus()));
        x.start("cputune");
        x.leaf("shares", Long.toString(shares(xen, d.cpuWeight())));
        x.end();
        String guestArch = d.arch() != null ? d.arch() : arch;
        boolean xenPv = xen && d.kernel() != null;
        x.start("os");
        x.leaf("type", xenPv ? "xen" : "hvm", "arch", guestArch);
        if (d.kernel() != null) {
            x.leaf("kernel", d.kernel().toString());
            if (d.initrd() != null) {
                x.leaf("initrd", d.initrd().toString());
            }
            if (d.kernelArgs() != null) {
                x.leaf("cmdline", d.kernelArgs());
            }
        } else {
            x.empty("boot", "dev", "hd");
        }
        x.end();
        x.leaf("on_poweroff", "destroy");
        x.leaf("on_reboot", "restart");
        x.leaf("on_crash", "destroy");
        x.start("devices");
        for (Disk disk : d.disks()) {
            disk(x, type, xen, disk);
        }
        List<DomainDefinition.NetworkInterface> nics = d.nics().isEmpty()
                ? List.of(new DomainDefinition.NetworkInterface("default", null)) : d.nics();
        for (DomainDefinition.NetworkInterface nic : nics) {
            if (nic.userMode()) {
                x.start("interface", "type", "user");
            } else {
                x.start("interface", "type", "network");
                x.empty("source", "network", nic.network());
            }
            if (nic.mac() != null) {
                x.empty("mac", "address", nic.mac().toLowerCase());
            }
            if (!"test".equals(type)) {
                x.empty("model", "type", "virtio");
            }
            x.end();
        }
        if (d.consoleLog() != null && !"test".equals(type)) {
            // The guest's serial console into a file (through virtlogd), for `agora workspace console`
            // and the readiness probe.
            String log = d.consoleLog().toString();
            x.start("serial", "type", "file");
            x.empty("source", "path", log);
            x.empty("target", "port", "0");
            x.end();
            x.start("console", "type", "file");
            x.empty("source", "path", log);
            x.empty("target", "type", "serial", "port", "0");
            x.end();
        } else {
            x.start("serial", "type", "pty");
            x.empty("target", "port", "0");
            x.end();
            x.start("console", "type", "pty");
            x.empty("target", "type", "serial", "port", "0");
            x.end();
        }
        x.end();
        x.end();
    }

    /**
     * One {@code <disk>}: a file or a block device (LVM), its format as the driver type, its
     * target: {@code vda…} on virtio, or {@code xvda…} on Xen's own bus (PV guests see no virtio),
     * and read-only for the seed.
     */
    private static void disk(IndentedElements x, String type, boolean xen, Disk disk) throws XMLStreamException {
        String driver = "test".equals(type) ? "test" : xen && disk.block() ? "phy" : "qemu";
        x.start("disk", "type", disk.block() ? "block" : "file", "device", "disk");
        x.empty("driver", "name", driver, "type", disk.format().libvirtName());
        x.empty("source", disk.block() ? "dev" : "file", disk.source().toString());
        x.empty("target", "dev", xen ? "x" + disk.target() : disk.target(), "bus", xen ? "xen" : "virtio");
        if (disk.readOnly()) {
            // The NoCloud seed: a virtio disk rather than a CD-ROM, since every kernel that boots
            // from virtio can read it (a CD-ROM needs the ATA, SCSI and sr drivers besides).
            x.empty("readonly");
        }
        x.end();
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

    /**
     * Elements one to a line, indented two spaces a level, as an admin reads them in virsh; the
     * writer escapes every value, and a null value is written empty. Attributes come as name, value
     * pairs.
     */
    private static final class IndentedElements {
        private final XMLStreamWriter xml;
        private int depth;

        IndentedElements(XMLStreamWriter xml) {
            this.xml = xml;
        }

        /** An element whose children follow, up to the matching {@link #end()}. */
        void start(String name, String... attributes) throws XMLStreamException {
            newLine();
            xml.writeStartElement(name);
            attributes(attributes);
            depth++;
        }

        /** Agora's metadata element, declaring its namespace. */
        void startAgora(String name, String... attributes) throws XMLStreamException {
            newLine();
            xml.writeStartElement(METADATA_PREFIX, name, METADATA_NS);
            xml.writeNamespace(METADATA_PREFIX, METADATA_NS);
            attributes(attributes);
            depth++;
        }

        void end() throws XMLStreamException {
            depth--;
            xml.writeCharacters("\n" + "  ".repeat(depth));
            xml.writeEndElement();
        }

        /** An element holding text only. */
        void leaf(String name, String text, String... attributes) throws XMLStreamException {
            newLine();
            xml.writeStartElement(name);
            attributes(attributes);
            xml.writeCharacters(text == null ? "" : text);
            xml.writeEndElement();
        }

        void empty(String name, String... attributes) throws XMLStreamException {
            newLine();
            xml.writeEmptyElement(name);
            attributes(attributes);
        }

        /** An element of Agora's metadata inside {@link #startAgora}, with attributes only. */
        void emptyAgora(String name, String... attributes) throws XMLStreamException {
            newLine();
            xml.writeEmptyElement(METADATA_PREFIX, name, METADATA_NS);
            attributes(attributes);
        }

        private void attributes(String... nameValuePairs) throws XMLStreamException {
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                String value = nameValuePairs[i + 1];
                xml.writeAttribute(nameValuePairs[i], value == null ? "" : value);
            }
        }

        /** Every element but the root starts a line of its own. */
        private void newLine() throws XMLStreamException {
            if (depth > 0) {
                xml.writeCharacters("\n" + "  ".repeat(depth));
            }
        }
    }
}
