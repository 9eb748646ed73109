package org.agora.adapter.hypervisor;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
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

    /** The libvirt domain type for a connection URI: test, qemu (software emulation) or xen. */
    public static String domainType(String libvirtUri) {
        if (libvirtUri.startsWith("test:")) {
            return "test";
        }
        if (libvirtUri.startsWith("xen")) {
            return "xen";
        }
        // Never kvm by default: nested KVM hangs guests on these machines (platform notes).
        return "qemu";
    }

    public static String build(DomainDefinition d, String libvirtUri, String arch) {
        String type = domainType(libvirtUri);
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
                .append(escape(d.image())).append("'/>\n  </metadata>\n");
        x.append("  <memory unit='MiB'>").append(d.memoryMiB()).append("</memory>\n");
        x.append("  <vcpu>").append(d.vcpus()).append("</vcpu>\n");
        x.append("  <os>\n    <type arch='").append(escape(arch)).append("'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n");
        x.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n");
        x.append("    <disk type='file' device='disk'>\n      <driver name='").append("test".equals(type) ? "test" : "qemu")
                .append("' type='raw'/>\n      <source file='").append(escape(d.diskPath().toString()))
                .append("'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n");
        x.append("    <interface type='network'>\n      <source network='default'/>\n");
        if (!"test".equals(type)) {
            x.append("      <model type='virtio'/>\n");
        }
        x.append("    </interface>\n");
        x.append("    <serial type='pty'><target port='0'/></serial>\n");
        x.append("    <console type='pty'><target type='serial' port='0'/></console>\n");
        x.append("  </devices>\n</domain>\n");
        return x.toString();
    }

    /** The workspace id in a domain's Agora metadata, if it has any. */
    public static Optional<String> workspaceIdOf(String domainXml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(domainXml)));
            NodeList found = doc.getElementsByTagNameNS(METADATA_NS, "workspace");
            if (found.getLength() == 0) {
                return Optional.empty();
            }
            String id = ((Element) found.item(0)).getAttribute("id");
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
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
