package org.agora.workspace.accounting;

import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** OGF Usage Record 1.0 (GFD.98) XML: a {@code UsageRecords} document of {@code JobUsageRecord}s. */
public final class OgfUsageRecords {
    public static final String NS = "http://schema.ogf.org/urf/2003/09/urf";

    private OgfUsageRecords() {
    }

    public static String write(List<UsageRecord> records, String site) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.setPrefix("urf", NS);
            x.writeStartElement("urf", "UsageRecords", NS);
            x.writeNamespace("urf", NS);
            for (UsageRecord r : records) {
                x.writeStartElement("urf", "JobUsageRecord", NS);
                x.writeEmptyElement("urf", "RecordIdentity", NS);
                x.writeAttribute("urf", NS, "recordId", site + "/" + r.workspaceId());
                x.writeAttribute("urf", NS, "createTime", java.time.Instant.now().toString());
                x.writeStartElement("urf", "JobIdentity", NS);
                // UR 1.0's JobIdentity sequence: GlobalJobId, then LocalJobId.
                if (r.gridJobId() != null) {
                    element(x, "GlobalJobId", r.gridJobId());
                }
                element(x, "LocalJobId", r.workspaceId());
                x.writeEndElement();
                x.writeStartElement("urf", "UserIdentity", NS);
                element(x, "GlobalUserName", r.owner());
                x.writeEndElement();
                // UR 1.0's sequence: Charge comes before Status; the elements after Status are a free choice.
                if (r.charge() != null) {
                    element(x, "Charge", r.charge().toPlainString());
                }
                element(x, "Status", r.status());
                element(x, "WallDuration", r.wall().toString());
                if (r.cpuSeconds() != null) {
                    element(x, "CpuDuration", java.time.Duration.ofMillis(Math.round(r.cpuSeconds() * 1000)).toString());
                }
                if (r.start() != null) {
                    element(x, "StartTime", r.start().toString());
                }
                if (r.end() != null) {
                    element(x, "EndTime", r.end().toString());
                }
                element(x, "MachineName", "agora-" + r.workspaceId());
                if (r.node() != null) {
                    element(x, "Host", r.node());
                }
                if (!r.fqans().isEmpty()) {
                    // UR 1.0 has no VOMS element: the VO is the record's project (as EGI and OSG exporters
                    // write it) and each FQAN a described Resource, primary first.
                    element(x, "ProjectName", voOf(r.fqans().get(0)));
                    for (String fqan : r.fqans()) {
                        x.writeStartElement("urf", "Resource", NS);
                        x.writeAttribute("urf", NS, "description", "VOMS-FQAN");
                        x.writeCharacters(fqan);
                        x.writeEndElement();
                    }
                }
                element(x, "Processors", Integer.toString(r.vcpus()));
                x.writeStartElement("urf", "Memory", NS);
                x.writeAttribute("urf", NS, "storageUnit", "MB");
                x.writeCharacters(Integer.toString(r.memoryMiB()));
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write usage records: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void element(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement("urf", name, NS);
        x.writeCharacters(value);
        x.writeEndElement();
    }

    /** The VO of an FQAN: its first path element ({@code /atlas/Role=production} is atlas's). */
    static String voOf(String fqan) {
        String path = fqan.startsWith("/") ? fqan.substring(1) : fqan;
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }
}
