package org.agora.adapter.hypervisor;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What a libvirt connection says it can run, from its capabilities XML ({@code virsh capabilities}):
 * the host's architecture and, per guest architecture, the domain types offered. The QEMU driver
 * lists {@code kvm} for an architecture only when {@code /dev/kvm} is usable for it, so this is
 * where a node learns whether its guests can be accelerated.
 */
public final class GuestCapabilities {
    private final String hostArch;
    private final Map<String, Set<String>> domainTypesByArch;

    private GuestCapabilities(String hostArch, Map<String, Set<String>> domainTypesByArch) {
        this.hostArch = hostArch;
        this.domainTypesByArch = domainTypesByArch;
    }

    /** Parses libvirt's capabilities document; a document that is not one is refused with its start quoted. */
    public static GuestCapabilities parse(String capabilitiesXml) throws HypervisorException {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(capabilitiesXml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new HypervisorException("libvirt's capabilities are not XML (" + e.getMessage() + "): "
                    + prefix(capabilitiesXml), e);
        }
        Element root = doc.getDocumentElement();
        if (!"capabilities".equals(root.getTagName())) {
            throw new HypervisorException("libvirt's capabilities document starts with <" + root.getTagName()
                    + ">, not <capabilities>: " + prefix(capabilitiesXml), null);
        }
        String hostArch = "";
        NodeList hosts = root.getElementsByTagName("host");
        if (hosts.getLength() > 0) {
            NodeList arches = ((Element) hosts.item(0)).getElementsByTagName("arch");
            if (arches.getLength() > 0) {
                hostArch = arches.item(0).getTextContent().strip();
            }
        }
        Map<String, Set<String>> types = new LinkedHashMap<>();
        NodeList guests = root.getElementsByTagName("guest");
        for (int g = 0; g < guests.getLength(); g++) {
            NodeList arches = ((Element) guests.item(g)).getElementsByTagName("arch");
            for (int a = 0; a < arches.getLength(); a++) {
                Element arch = (Element) arches.item(a);
                Set<String> offered = types.computeIfAbsent(arch.getAttribute("name"), k -> new LinkedHashSet<>());
                NodeList domains = arch.getElementsByTagName("domain");
                for (int d = 0; d < domains.getLength(); d++) {
                    offered.add(((Element) domains.item(d)).getAttribute("type"));
                }
            }
        }
        return new GuestCapabilities(hostArch, types);
    }

    /** The host CPU's architecture, e.g. x86_64; empty if libvirt did not say. */
    public String hostArch() {
        return hostArch;
    }

    /** Whether some guest of {@code arch} may be a domain of {@code domainType} (kvm, qemu, xen, test). */
    public boolean offers(String arch, String domainType) {
        return domainTypesByArch.getOrDefault(arch, Set.of()).contains(domainType);
    }

    /** The domain types offered for guests of {@code arch}, in libvirt's order. */
    public List<String> domainTypes(String arch) {
        return List.copyOf(domainTypesByArch.getOrDefault(arch, Set.of()));
    }

    private static String prefix(String text) {
        String s = text == null ? "" : text.strip();
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
}
