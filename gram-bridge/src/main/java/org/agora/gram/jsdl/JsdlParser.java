package org.agora.gram.jsdl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;

/**
 * Reads a JSDL 1.0 {@code JobDefinition} into a {@link JobDescription}: the POSIX application
 * (executable, arguments, environment, standard streams, working directory, wall time limit in
 * seconds, memory limit in bytes), the exact values of the resources (TotalCPUCount as the process
 * count, IndividualCPUCount as the workspace's vcpus, TotalPhysicalMemory as its memory,
 * TotalResourceCount as the host count), JobIdentification's JobProject, and Agora's
 * {@value #AGORA} elements {@code Image}, {@code Bid} (credits) and {@code Queue}. Other elements are
 * kept by name.
 *
 * <p>Documents larger than {@value #MAX_BYTES} bytes and documents with a DTD are refused, so entity
 * expansion and external entities never happen.
 */
public final class JsdlParser {

    public static final String JSDL = "http://schemas.ggf.org/jsdl/2005/11/jsdl";
    public static final String POSIX = "http://schemas.ggf.org/jsdl/2005/11/jsdl-posix";
    public static final String AGORA = "urn:agora:jsdl";

    /** Largest document accepted, in bytes. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final long MEBIBYTE = 1024L * 1024L;

    private final XMLStreamReader xml;
    private final JobDescription.Builder job = JobDescription.builder();
    private final Map<String, List<String>> others = new LinkedHashMap<>();

    private JsdlParser(XMLStreamReader xml) {
        this.xml = xml;
    }

    /** The job {@code jsdl} describes; the stream is read, not closed. */
    public static JobDescription parse(InputStream jsdl) throws JobDescriptionException {
        byte[] document;
        try {
            document = jsdl.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new JobDescriptionException("JobDefinition", e.getMessage(), "a readable JSDL document", e);
        }
        if (document.length > MAX_BYTES) {
            throw new JobDescriptionException("JobDefinition", "more than " + MAX_BYTES + " bytes",
                    "a JSDL document of at most " + MAX_BYTES + " bytes");
        }
        try {
            XMLStreamReader reader = secureFactory().createXMLStreamReader(new ByteArrayInputStream(document));
            try {
                return new JsdlParser(reader).document();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new JobDescriptionException("JobDefinition", e.getMessage(),
                    "well-formed JSDL 1.0 XML without a DTD", e);
        }
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    private JobDescription document() throws XMLStreamException, JobDescriptionException {
        if (!nextChild()) {
            throw new JobDescriptionException("JobDefinition", "an empty document", "a JSDL JobDefinition");
        }
        if (!is(JSDL, "JobDefinition")) {
            throw new JobDescriptionException(xml.getLocalName(), "{" + xml.getNamespaceURI() + "}" + xml.getLocalName(),
                    "a JobDefinition in " + JSDL);
        }
        boolean described = false;
        while (nextChild()) {
            if (is(JSDL, "JobDescription")) {
                jobDescription();
                described = true;
            } else {
                other();
            }
        }
        if (!described) {
            throw new JobDescriptionException("JobDescription", "a JobDefinition without one",
                    "a JobDefinition holding a JobDescription");
        }
        others.forEach(job::otherAttribute);
        return job.build();
    }

    private void jobDescription() throws XMLStreamException, JobDescriptionException {
        while (nextChild()) {
            if (is(JSDL, "JobIdentification")) {
                while (nextChild()) {
                    if (is(JSDL, "JobProject")) {
                        job.project(text());
                    } else {
                        other();
                    }
                }
            } else if (is(JSDL, "Application")) {
                application();
            } else if (is(JSDL, "Resources")) {
                resources();
            } else if (is(AGORA, "Image")) {
                job.image(text());
            } else if (is(AGORA, "Queue")) {
                job.queue(text());
            } else if (is(AGORA, "Bid")) {
                job.bid(credits());
            } else {
                other();
            }
        }
    }

    private void application() throws XMLStreamException, JobDescriptionException {
        while (nextChild()) {
            if (is(POSIX, "POSIXApplication")) {
                posixApplication();
            } else if (JSDL.equals(xml.getNamespaceURI())) {
                other();
            } else {
                throw new JobDescriptionException(xml.getLocalName(),
                        "{" + xml.getNamespaceURI() + "}" + xml.getLocalName(),
                        "a POSIXApplication in " + POSIX);
            }
        }
    }

    private void posixApplication() throws XMLStreamException, JobDescriptionException {
        while (nextChild()) {
            if (!POSIX.equals(xml.getNamespaceURI())) {
                other();
                continue;
            }
            switch (xml.getLocalName()) {
                case "Executable" -> job.executable(text());
                case "Argument" -> job.argument(xml.getElementText());
                case "Input" -> job.stdin(text());
                case "Output" -> job.stdout(text());
                case "Error" -> job.stderr(text());
                case "WorkingDirectory" -> job.directory(text());
                case "Environment" -> {
                    String name = xml.getAttributeValue(null, "name");
                    if (name == null || name.isBlank()) {
                        throw new JobDescriptionException("Environment", xml.getElementText(),
                                "an Environment element with a name attribute");
                    }
                    job.environment(name, xml.getElementText());
                }
                case "WallTimeLimit" -> job.maxWallTime(Duration.ofSeconds(whole("WallTimeLimit", text(), 1, Integer.MAX_VALUE * 60L)));
                case "MemoryLimit" -> job.maxMemory(mebibytes("MemoryLimit", text()));
                default -> other();
            }
        }
    }

    private void resources() throws XMLStreamException, JobDescriptionException {
        while (nextChild()) {
            if (!JSDL.equals(xml.getNamespaceURI())) {
                other();
                continue;
            }
            switch (xml.getLocalName()) {
                case "TotalCPUCount" -> job.count((int) whole("TotalCPUCount", exact(), 0, Integer.MAX_VALUE));
                case "IndividualCPUCount" -> job.vcpus((int) whole("IndividualCPUCount", exact(), 1, 4096));
                case "TotalPhysicalMemory" -> job.memoryMiB(mebibytes("TotalPhysicalMemory", exact()));
                case "TotalResourceCount" -> job.hostCount((int) whole("TotalResourceCount", exact(), 1, Integer.MAX_VALUE));
                default -> other();
            }
        }
    }

    /** The value of a range element that must hold exactly {@code <Exact>n</Exact>}. */
    private String exact() throws XMLStreamException, JobDescriptionException {
        String element = xml.getLocalName();
        String value = null;
        while (nextChild()) {
            if (is(JSDL, "Exact") && value == null) {
                value = text();
            } else {
                throw new JobDescriptionException(element, xml.getLocalName(), "one Exact value (ranges are not supported)");
            }
        }
        if (value == null) {
            throw new JobDescriptionException(element, "no Exact value", "one Exact value (ranges are not supported)");
        }
        return value;
    }

    /** A whole number written as JSDL's xsd:double or xsd:nonNegativeInteger, checked over its full range. */
    private static long whole(String element, String text, long min, long max) throws JobDescriptionException {
        String allowed = "a whole number from " + min + " to " + max;
        BigDecimal number = decimal(element, text, allowed);
        if (number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new JobDescriptionException(element, text, allowed);
        }
        return number.longValueExact();
    }

    /** Bytes as JSDL gives them, in MiB rounded up so the job gets at least what it asked for. */
    private static long mebibytes(String element, String text) throws JobDescriptionException {
        long max = Integer.MAX_VALUE * MEBIBYTE;
        long bytes = whole(element, text, 1, max);
        return (bytes + MEBIBYTE - 1) / MEBIBYTE;
    }

    private BigDecimal credits() throws XMLStreamException, JobDescriptionException {
        String text = text();
        String allowed = "a positive amount of credits such as 12.50";
        if (!text.matches("[0-9]{1,15}(\\.[0-9]{1,6})?") || new BigDecimal(text).signum() <= 0) {
            throw new JobDescriptionException("Bid", text, allowed);
        }
        return new BigDecimal(text);
    }

    private static BigDecimal decimal(String element, String text, String allowed) throws JobDescriptionException {
        if (!text.matches("[+]?[0-9]{1,30}(\\.[0-9]{1,30})?([eE][+]?[0-9]{1,3})?")) {
            throw new JobDescriptionException(element, text, allowed);
        }
        try {
            return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw new JobDescriptionException(element, text, allowed, e);
        }
    }

    /** Keeps an element Agora does not use by name, with its text when it has no child elements. */
    private void other() throws XMLStreamException, JobDescriptionException {
        String name = xml.getLocalName();
        StringBuilder text = new StringBuilder();
        boolean leaf = true;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    leaf = false;
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw refusedDtd();
                default -> { }
            }
        }
        List<String> values = others.computeIfAbsent(name, key -> new ArrayList<>());
        if (leaf) {
            values.add(text.toString().trim());
        }
    }

    /** Moves to the next child element of the current one; false at the current element's end. */
    private boolean nextChild() throws XMLStreamException, JobDescriptionException {
        while (xml.hasNext()) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                case XMLStreamConstants.END_DOCUMENT:
                    return false;
                case XMLStreamConstants.DTD:
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw refusedDtd();
                default:
                    break;
            }
        }
        return false;
    }

    private String text() throws XMLStreamException {
        return xml.getElementText().trim();
    }

    private boolean is(String namespace, String localName) {
        return namespace.equals(xml.getNamespaceURI()) && localName.equals(xml.getLocalName());
    }

    private JobDescriptionException refusedDtd() {
        return new JobDescriptionException("JobDefinition", "<!DOCTYPE ...>",
                "JSDL without a DTD or entity declarations");
    }
}
